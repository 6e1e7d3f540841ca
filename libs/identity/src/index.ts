/**
 * @justera/identity: who a signer is, verified by an identity provider (docs/identity.md). The port
 * (IdentityProvider), the OpenID Connect adapter, the forgiving name comparison, the claim mapping and
 * the keyed hash of the personal identity number. No Nest, no database.
 */
export * from './identity-provider';
export { nameWords, namesMatch, type VerifiedName } from './names';
export { hashPersonalNumber, normalisePersonalNumber, personalNumberKey } from './personal-number';
export { checkIdToken, mapClaims, type ClaimRules } from './claims';
export { identityErrorOf, OidcIdentityProvider, type OidcSettings } from './oidc';
export { matchStaffUser, staffLoginKey, staffRefusalText, type StaffAccount, type StaffLoginKey, type StaffRefusal } from './staff';
export { auditedIdentity, fromStored, storedIdentity, StoredIdentityError, type StoredIdentity } from './stored';

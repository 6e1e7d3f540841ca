/**
 * @justera/auth: pure security primitives and the access policy (node:crypto only; no Nest, no
 * database). The Nest guards and the persistence layer call these. See docs/security.md.
 */
export {
  DEFAULT_SCRYPT_PARAMS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  checkPasswordPolicy,
  hashPassword,
  needsRehash,
  verifyPassword,
  verifyPasswordOrDummy,
} from './password';
export type { PasswordContext, PasswordPolicyResult, PasswordProblem, PasswordProblemCode, ScryptParams } from './password';
export { COMMON_PASSWORDS } from './common-passwords';
export {
  DEFAULT_TOKEN_BYTES,
  MIN_TOKEN_BYTES,
  constantTimeEqual,
  hashToken,
  looksLikeToken,
  newLinkToken,
  newSessionToken,
  newToken,
  tokenMatchesHash,
} from './tokens';
export type { IssuedToken } from './tokens';
export { API_KEY_PREFIX, apiKeyHint, newApiKey, parseApiKey, verifyApiKey, verifyApiKeySecret } from './api-keys';
export type { NewApiKey, ParsedApiKey } from './api-keys';
export {
  CSRF_FORM_FIELD,
  CSRF_HEADER,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
  csrfTokenFor,
  requiresCsrf,
  sessionCookie,
  sessionState,
  shouldTouchSession,
  verifyCsrf,
} from './session';
export type { SessionCookie, SessionLimits, SessionState, SessionTimes } from './session';
export { MIN_SECRET_LENGTH, PLACEHOLDER_SECRET, checkServerSecret, deriveKey } from './secret';
export { isSealedText, openText, sealText } from './sealed-text';
export type { SecretProblem, SecretProblemCode } from './secret';
export { ACTIONS, POLICY, ROLES, authorize, isAction, isRole, roleMay, visibleOrganIds } from './policy';
export type { Action, Decision, Principal, Reach, ResourceScope, Role } from './policy';
export {
  EMPTY_THROTTLE_STATE,
  LOGIN_PER_ACCOUNT_AND_IP,
  LOGIN_PER_IP,
  checkThrottle,
  normaliseIp,
  parseThrottleState,
  recordFailure,
  releaseFailure,
  reserveAttempt,
  throttleKey,
  ttlMs,
} from './throttle';
export type { ThrottleReservation, ThrottleRule, ThrottleState, ThrottleVerdict } from './throttle';

import { X509Certificate } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, keystoreInput } from '@justera/config';
import {
  CertificateAuthority,
  KeystoreEnv,
  KeystoreError,
  Signer,
  caChain,
  certificateToPem,
  createCrl,
  dssDataFor,
  loadCertificateAuthority,
  loadOrganisationSeal,
  loadTimestampUnit,
  LocalTimestampAuthority,
  SEAL_RENEW_BEFORE_MS,
  type SealOrganisation,
  TsaClient,
  type TimestampAuthority,
} from '@justera/pades';

/**
 * The installation's signing keys for the api and the worker: the CA (production: PKCS#12 from the
 * environment; development: generated at first use and kept encrypted with JUSTERA_SECRET under
 * <data>/ca) and the organisation seal. Loaded once per process. See docs/signatures.md.
 */
@Injectable()
export class KeysService {
  private readonly logger = new Logger(KeysService.name);
  private loaded?: CertificateAuthority;
  private sealSigner?: Signer;
  /** Per organisation: the seal of the name it had when asked last. */
  private readonly organisationSeals = new Map<string, { name: string; signer: Signer; renewAt: number }>();
  private tsu?: { authority: LocalTimestampAuthority; loadedAt: number };
  private external?: TsaClient;
  readonly env: KeystoreEnv;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.env = keystoreInput(config);
  }

  /** The CA; a development CA is created on first use (the api and the worker may race: one wins). */
  ca(): CertificateAuthority {
    if (this.loaded) return this.loaded;
    try {
      const r = loadCertificateAuthority(this.env, { create: this.config.env !== 'production' });
      if (r.created) this.logger.log(`created the development signing CA in ${r.bundlePath}`);
      this.loaded = r.ca;
    } catch (err) {
      // Another process created the bundle between our existence check and our write: read theirs.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') this.loaded = loadCertificateAuthority(this.env).ca;
      else throw err instanceof KeystoreError ? err : err;
    }
    return this.loaded!;
  }

  /**
   * The seal of `organisation` as stored now (its name from the database; the anslagsbevis, the filled
   * ANSLAG fields, evidence reports): its own seal certificate, issued from the CA on first use and
   * again after a rename (libs/pades `organisationSeal`) — or JUSTERA_SEAL_P12 when set. Without an
   * organisation, the installation seal (JUSTERA_ORGANISATION's; /validera reports, which no
   * organisation owns).
   */
  seal(organisation?: SealOrganisation, now = new Date()): Signer {
    if (!organisation || this.env.JUSTERA_SEAL_P12) {
      this.sealSigner ??= loadOrganisationSeal(this.env, { create: this.config.env !== 'production' });
      return this.sealSigner;
    }
    const name = organisation.name.trim();
    const cached = this.organisationSeals.get(organisation.id);
    if (cached && cached.name === name && now.getTime() < cached.renewAt) return cached.signer;
    // Issued from whichever CA this process uses (in production JUSTERA_CA_P12: its seal is made then too).
    const signer = loadOrganisationSeal(this.env, { create: true, organisation: { id: organisation.id, name }, ca: this.ca(), now });
    const renewAt = new Date(new X509Certificate(signer.certificate).validTo).getTime() - SEAL_RENEW_BEFORE_MS;
    this.organisationSeals.set(organisation.id, { name, signer, renewAt });
    return signer;
  }

  /**
   * Who time-stamps signatures, seals and documents (PAdES B-T and B-LTA): the external TSA when
   * TSA_URL is set — its failures throw, there is no fallback — otherwise the installation's own
   * time-stamping unit (a key certified by our CA for timeStamping, clock = this server's clock).
   * The local unit is reloaded daily so that a rotated certificate is picked up.
   */
  timestamping(now = new Date()): TimestampAuthority {
    if (this.config.tsaUrl) return (this.external ??= new TsaClient(this.config.tsaUrl));
    if (!this.tsu || now.getTime() - this.tsu.loadedAt > 24 * 3600_000 || this.tsu.authority.notAfter <= now) {
      const ca = this.ca();
      let unit: Signer;
      try {
        unit = loadTimestampUnit(this.env, { create: true, now, ca });
      } catch (err) {
        // The api and the worker may create the unit at the same moment: read the winner's.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        unit = loadTimestampUnit(this.env, { now, ca });
      }
      this.tsu = { authority: new LocalTimestampAuthority(unit), loadedAt: now.getTime() };
    }
    return this.tsu.authority;
  }

  /** "external" with TSA_URL, else "local" (the installation's own time-stamping unit). */
  timestampingKind(): 'external' | 'local' {
    return this.config.tsaUrl ? 'external' : 'local';
  }

  /** PEM of the root: what auditors trust (`npm run cli -- ca export`, GET /pki/root.pem). */
  rootPem(): string {
    return certificateToPem(this.ca().root.certificate);
  }

  /** Issuing CA + root, for signatures and the DSS. */
  chain(): Buffer[] {
    return caChain(this.ca());
  }

  /** A fresh CRL of the issuing CA (nothing is revoked: signer keys are used once and discarded). */
  crl(now = new Date()): Buffer {
    return createCrl(this.ca().issuing, [], now, new Date(now.getTime() + 7 * 24 * 3600_000));
  }

  /** The root's CRL (development CA only: a production root key is offline, its CRL comes from its holder). */
  rootCrl(now = new Date()): Buffer | null {
    const root = this.ca().root;
    return root.privateKey
      ? createCrl({ certificate: root.certificate, privateKey: root.privateKey }, [], now, new Date(now.getTime() + 30 * 24 * 3600_000))
      : null;
  }

  /** Certificates and CRLs for a DSS (PAdES B-LT) of a document signed with `extraCerts`. */
  dss(extraCerts: Buffer[] = [], now = new Date()): { certs: Buffer[]; crls: Buffer[] } {
    const d = dssDataFor(this.ca(), now);
    // The local time-stamping unit's certificate too: its CRL is the issuing CA's, already in `d`.
    const tsu = this.config.tsaUrl ? [] : [(this.timestamping(now) as LocalTimestampAuthority).unit.certificate];
    return { certs: [...extraCerts, ...tsu, ...d.certs], crls: d.crls };
  }
}

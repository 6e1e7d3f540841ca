import { Logger, type Provider } from '@nestjs/common';
import { SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { type IdentityProvider, OidcIdentityProvider, personalNumberKey } from '@justera/identity';
import {
  BeginIdentification,
  CompleteIdentification,
  type JusteringStore,
  type SigningIdentityAttempts,
  type SigningIdentityPorts,
  VerifiedIdentityForLink,
} from '@justera/justering';
import { JUSTERING_STORE, SIGNING_IDENTITY_ATTEMPTS } from '@justera/persistence';

/** Nest token of the signer's IdentityProvider (a spec may override it); by default the OIDC adapter from AppConfig.oidc, or null. */
export const SIGNING_IDENTITY_PROVIDER = Symbol('SIGNING_IDENTITY_PROVIDER');
const SIGNING_IDENTITY_PORTS = Symbol('SIGNING_IDENTITY_PORTS');

/**
 * The e-legitimation step of a signing link (libs/justering BeginIdentification,
 * CompleteIdentification, VerifiedIdentityForLink; docs/identity.md) over the TypeORM store and
 * attempts, the configured provider and the configuration's secret and public URL.
 */
export const SIGNING_IDENTITY_PROVIDERS: Provider[] = [
  {
    provide: SIGNING_IDENTITY_PROVIDER,
    useFactory: (config: AppConfig): IdentityProvider | null =>
      config.oidc ? new OidcIdentityProvider({ ...config.oidc, personalNumberKey: personalNumberKey(config.secret) }) : null,
    inject: [APP_CONFIG],
  },
  {
    provide: SIGNING_IDENTITY_PORTS,
    useFactory: (
      store: JusteringStore,
      attempts: SigningIdentityAttempts,
      provider: IdentityProvider | null,
      config: AppConfig,
    ): SigningIdentityPorts => ({
      store,
      attempts,
      provider,
      clock: SYSTEM_CLOCK,
      config: { secret: config.secret, publicUrl: config.publicUrl },
    }),
    inject: [JUSTERING_STORE, SIGNING_IDENTITY_ATTEMPTS, SIGNING_IDENTITY_PROVIDER, APP_CONFIG],
  },
  {
    provide: BeginIdentification,
    useFactory: (ports: SigningIdentityPorts) => new BeginIdentification(ports),
    inject: [SIGNING_IDENTITY_PORTS],
  },
  {
    provide: CompleteIdentification,
    useFactory: (ports: SigningIdentityPorts) => {
      const logger = new Logger(CompleteIdentification.name);
      return new CompleteIdentification(ports, { warn: (_detail, message) => logger.warn(message) });
    },
    inject: [SIGNING_IDENTITY_PORTS],
  },
  {
    provide: VerifiedIdentityForLink,
    useFactory: (ports: SigningIdentityPorts) => new VerifiedIdentityForLink(ports),
    inject: [SIGNING_IDENTITY_PORTS],
  },
];

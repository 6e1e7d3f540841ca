import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config';

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Provides the configuration that main.ts validated once at boot. A plain class, not `@Global()
 * @Module({})`: Nest reads a dynamic module's metadata, `global: true` included, from what `forRoot`
 * returns, and without the decorators this lib loads no Nest at all, so the CLI's `seal`, `ca` and
 * `renew` read the configuration without loading @nestjs/common (~0.2–0.4 s, docs/benchmarks.md).
 */
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

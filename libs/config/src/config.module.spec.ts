import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, type AppConfig } from './config';
import { APP_CONFIG, AppConfigModule } from './config.module';

@Injectable()
class NeedsConfig {
  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {}
}

/** A feature module that does not import AppConfigModule: it sees APP_CONFIG only if that module is global. */
@Module({ providers: [NeedsConfig], exports: [NeedsConfig] })
class FeatureModule {}

describe('AppConfigModule', () => {
  it('provides the validated config globally without Nest decorators on the class', async () => {
    const d = mkdtempSync(join(tmpdir(), 'justera-config-module-'));
    const config = loadConfig({ JUSTERA_DATA_DIR: d }, d);
    const ref = await Test.createTestingModule({ imports: [AppConfigModule.forRoot(config), FeatureModule] }).compile();
    expect(ref.get(NeedsConfig).config).toBe(config);
    expect(ref.get(APP_CONFIG)).toBe(config);
    await ref.close();
  });
});

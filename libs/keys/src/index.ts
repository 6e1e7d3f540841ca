export * from './keys.service';
export * from './keys.module';

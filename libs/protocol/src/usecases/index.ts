export * from './ports';
export * from './draft';
export * from './context';
export * from './create-protocol';
export * from './update-protocol';
export * from './remove-protocol';
export * from './update-upload-metadata';

import protocolSchemaJson from './protocol.schema.json';

/**
 * The JSON Schema (draft 2020-12) of the protocol import format: the source of truth.
 * docs/protocol.schema.json is a byte-identical copy (kept in sync by
 * `node libs/protocol/scripts/sync-schema.js`, checked by schema.spec.ts); the API serves it at
 * /api/schemas/protocol.json.
 */
export const protocolSchema: Readonly<Record<string, unknown>> = protocolSchemaJson as Record<string, unknown>;

/** Where the schema file lives relative to the repository root (for the API and the sync script). */
export const PROTOCOL_SCHEMA_PATH = 'libs/protocol/src/protocol.schema.json';

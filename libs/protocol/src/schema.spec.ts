import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { protocolSchema, PROTOCOL_SCHEMA_PATH } from './schema';

const root = path.join(__dirname, '..', '..', '..');

describe('protocolSchema', () => {
  it('is byte-identical to docs/protocol.schema.json', () => {
    const source = readFileSync(path.join(root, PROTOCOL_SCHEMA_PATH));
    const docs = readFileSync(path.join(root, 'docs', 'protocol.schema.json'));
    expect(Buffer.compare(source, docs)).toBe(0);
  });

  it('is what the lib exports', () => {
    expect(protocolSchema).toEqual(JSON.parse(readFileSync(path.join(root, PROTOCOL_SCHEMA_PATH), 'utf8')));
  });

  it('passes the sync script check (which is what CI can run)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(root, 'libs', 'protocol', 'scripts', 'sync-schema.js'),
      '--check',
    ]);
    expect(stdout).toContain('in sync');
  });

  it('compiles under ajv strict mode, and every property has a description', () => {
    const ajv = new Ajv2020({ strict: true, discriminator: true });
    addFormats(ajv);
    expect(() => ajv.compile(protocolSchema)).not.toThrow();
    const missing: string[] = [];
    const defs = protocolSchema.$defs as Record<string, { properties?: Record<string, { description?: string; $ref?: string }> }>;
    const top = protocolSchema.properties as Record<string, { description?: string; $ref?: string }>;
    const check = (where: string, props: Record<string, { description?: string; $ref?: string }> | undefined) => {
      for (const [k, v] of Object.entries(props ?? {})) {
        const refDescribed = v.$ref ? !!(defs[v.$ref.replace('#/$defs/', '')] as { description?: string } | undefined)?.description : false;
        if (!v.description && !refDescribed && k !== 'type') missing.push(`${where}.${k}`);
      }
    };
    check('(root)', top);
    for (const [name, def] of Object.entries(defs)) check(name, def.properties);
    expect(missing).toEqual([]);
  });

  it('works as plain JSON Schema 2020-12 for other validators (no ajv extensions needed)', () => {
    const ajv = new Ajv2020({ strict: false, discriminator: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(protocolSchema);
    for (const name of ['gemensam-namnd-2020-02-14', 'halsingeradet-protokoll-627-638', 'kommunforbundet-styrelse-2024-12-13']) {
      const fixture = JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8'));
      expect(validate(fixture) ? [] : validate.errors).toEqual([]);
      fixture.paragraphs[0].sections[0].content.push({ type: 'paragraph', content: ['x'], extra: true });
      expect(validate(fixture)).toBe(false);
    }
  });

  it('bounds every string and every array (protects the server)', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (
        n.type === 'string' &&
        n.maxLength === undefined &&
        n.const === undefined &&
        n.enum === undefined &&
        n.format !== 'date' &&
        n.pattern === undefined
      )
        unbounded.push(at);
      if (n.type === 'array' && n.maxItems === undefined && n.$ref === undefined) unbounded.push(at);
      for (const [k, v] of Object.entries(n)) if (k !== 'if') walk(v, `${at}/${k}`); // an `if` only tests the type
    };
    walk(protocolSchema, '#');
    expect(unbounded).toEqual([]);
  });
});

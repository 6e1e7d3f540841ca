/**
 * What the editor saves (cleanForSave): formatVersion 2, and what it has no field for — a §'s
 * sub-items, the protocol's numbering style — kept as it was stored, not dropped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateProtocol } from '../../../libs/protocol/src';
import { cleanForSave, fromStored } from '../src/editor/model';

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'protocols', 'v2-kommunchefsmote-2022-11-24.json');

describe('the editor saves version 2 and keeps what it has no field for', () => {
  it('opens a stored version 2 protocol with sub-items and saves it back unchanged and valid', () => {
    const stored = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { paragraphs: { subItems?: unknown[] }[] };
    expect(stored.paragraphs.some((p) => p.subItems?.length)).toBe(true);
    const saved = cleanForSave(fromStored(stored)) as typeof stored & { formatVersion: number };
    expect(saved.formatVersion).toBe(2);
    expect(saved.paragraphs.map((p) => p.subItems)).toEqual(stored.paragraphs.map((p) => p.subItems));
    const v = validateProtocol(saved);
    expect(v.ok ? [] : v.errors).toEqual([]);
  });
});

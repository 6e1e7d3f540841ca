import { ROLE_SV as SV_ROLE_SV } from '@justera/sv';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Protocol, ProtocolV1 } from './model';
import { protocolSchema } from './schema';

/** One finding of validation. `path` is dotted with indices, e.g. `paragraphs[3].title`; the root is `(root)`. */
export interface ProtocolIssue {
  path: string;
  /** English, for logs and API clients. */
  message: string;
  /** Swedish, for the secretary. */
  messageSv: string;
  /** Stable machine code: the JSON Schema keyword (`required`, `maxLength` …) or a semantic code (`duplicate-paragraph-number` …). */
  code: string;
}

export type ProtocolValidationResult =
  { ok: true; protocol: Protocol; warnings: ProtocolIssue[] } | { ok: false; errors: ProtocolIssue[]; warnings: ProtocolIssue[] };

/** Deepest nesting of arrays/objects accepted before the schema is even run (protects the validator's stack). */
export const MAX_INPUT_DEPTH = 40;
/** Total characters of all strings in one protocol (about 10 MB of text). */
export const MAX_TOTAL_TEXT = 10_000_000;
/** Lists inside list items: at most this many levels (1 = a flat list). */
export const MAX_LIST_NESTING = 4;
/** At most this many errors are listed; one more issue (`too-many-errors`) says how many were left out. */
export const MAX_REPORTED_ERRORS = 500;
/** Legal deadline for justering, in days after the meeting (KL 5 kap. 69 §); exceeding it gives a warning only. */
export const JUSTERING_DEADLINE_DAYS = 14;

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // verbose: a format error carries the value, so an empty date is reported as missing, not as malformed.
    const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: false, verbose: true });
    addFormats(ajv, ['date', 'email', 'uri']);
    compiled = ajv.compile(protocolSchema);
  }
  return compiled;
}

// ---------------------------------------------------------------------------------------------------------
// Paths

function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

const ROOT = '(root)';
const show = (path: string): string => path || ROOT;

function issue(path: string, code: string, message: string, messageSv: string): ProtocolIssue {
  return { path: show(path), code, message, messageSv };
}

// ---------------------------------------------------------------------------------------------------------
// Schema errors in plain words

const TYPE_SV: Record<string, string> = {
  string: 'en text',
  number: 'ett tal',
  integer: 'ett heltal',
  boolean: 'true eller false',
  object: 'ett objekt',
  array: 'en lista',
  null: 'null',
};

/** What an object at a path must look like, for messages: a cell given as a string says what a cell is. */
const SHAPES: [RegExp, string][] = [
  [/\.(header|rows)\[\d+\]\[\d+\]$/, '{ "content": ["text"] }'],
  [/\.items\[\d+\]$/, '{ "content": ["text"], "children": [] }'],
  [/sections\[\d+\]\.content\[\d+\]$|\.children\[\d+\]$/, '{ "type": "paragraph", "content": ["text"] }'],
  [/^paragraphs\[\d+\](\.subItems\[\d+\])?\.sections\[\d+\]$/, '{ "kind": "beslut", "content": [] }'],
  [/^paragraphs\[\d+\]$/, '{ "number": 1, "title": "…", "sections": [] }'],
  [/^paragraphs\[\d+\]\.subItems\[\d+\]$/, '{ "number": 1, "title": "…", "sections": [] }'],
  [/^anslag$/, '{ "text": "…", "postedDate": "2025-03-07" }'],
  [/^signatories\[\d+\]$/, '{ "role": "ordforande", "name": "…" }'],
  [/^(members|substitutes|absentSubstitutes|others|absent)\[\d+\]$/, '{ "name": "…", "party": "S" }'],
  [/^attachments\[\d+\]$/, '{ "title": "…" }'],
  [/^meeting$/, '{ "date": "2025-03-05", "place": "…" }'],
];

function expectedShape(path: string): string | undefined {
  return SHAPES.find(([re]) => re.test(path))?.[1];
}

/** What a list at a path must look like: running text given as a plain string says it must be a list of runs. */
const ARRAY_SHAPES: [RegExp, string][] = [
  [/sections\[\d+\]\.content$|\.children$/, '[{ "type": "paragraph", "content": ["text"] }]'],
  [/(\.content|^notes)$/, '["text", { "text": "fet", "bold": true }]'],
  [/\.(header|rows)$/, '[[{ "content": ["text"] }, { "content": ["text"] }]]'],
  [/\.(header|rows)\[\d+\]$/, '[{ "content": ["text"] }, { "content": ["text"] }]'],
  [/\.items$/, '[{ "content": ["text"] }]'],
  [/\.sections$/, '[{ "kind": "beslut", "content": [] }]'],
  [/\.subItems$/, '[{ "number": 1, "title": "…", "sections": [] }]'],
  [/^paragraphs$/, '[{ "number": 1, "title": "…", "sections": [] }]'],
  [/^(members|substitutes|absentSubstitutes|others|absent)$/, '[{ "name": "…", "party": "S" }]'],
  [/^adjusters$/, '["Förnamn Efternamn"]'],
];

function expectedArrayShape(path: string): string | undefined {
  return ARRAY_SHAPES.find(([re]) => re.test(path))?.[1];
}

/** Date fields the schema requires; any other date may be left out. */
const REQUIRED_DATES = new Set(['meeting.date']);

/**
 * An empty date is missing, in the words of a missing field ("saknas men måste anges", code `required`);
 * an optional one given empty says it can be left out instead.
 */
function emptyDate(path: string): ProtocolIssue {
  return REQUIRED_DATES.has(path)
    ? issue(path, 'required', 'is required', 'saknas men måste anges')
    : issue(path, 'format', 'is missing: give a date YYYY-MM-DD or leave the field out', 'saknas: ange ett datum ÅÅÅÅ-MM-DD eller ta bort fältet');
}

function describeSchemaError(e: ErrorObject): ProtocolIssue | undefined {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
      return undefined; // the failing then/else branch reports the real problem
    case 'required': {
      const prop = String(p.missingProperty);
      return issue(join(path, prop), 'required', 'is required', 'saknas men måste anges');
    }
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      return issue(
        join(path, prop),
        'additionalProperties',
        `unknown property "${prop}" is not allowed`,
        `okänt fält "${prop}" är inte tillåtet`,
      );
    }
    case 'type': {
      const t = String(p.type);
      const shape = t === 'object' ? expectedShape(path) : undefined;
      if (shape) return issue(path, 'type', `must be an object of the form ${shape}`, `måste vara ett objekt av formen ${shape}`);
      const list = t === 'array' ? expectedArrayShape(path) : undefined;
      if (list) return issue(path, 'type', `must be a list of the form ${list}`, `måste vara en lista av formen ${list}`);
      return issue(path, 'type', `must be of type ${t}`, `måste vara ${TYPE_SV[t] ?? t}`);
    }
    case 'const':
      return issue(path, 'const', `must be ${JSON.stringify(p.allowedValue)}`, `måste vara ${JSON.stringify(p.allowedValue)}`);
    case 'enum': {
      const list = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return issue(path, 'enum', `must be one of ${list}`, `måste vara något av ${list}`);
    }
    case 'discriminator': {
      if (p.error === 'mapping') {
        return issue(
          join(path, 'type'),
          'discriminator',
          'must be one of "paragraph", "heading", "bulletList", "numberedList", "table"',
          'måste vara "paragraph", "heading", "bulletList", "numberedList" eller "table"',
        );
      }
      return issue(join(path, 'type'), 'discriminator', 'is required and must be a string', 'saknas eller är inte en text');
    }
    case 'format': {
      const f = String(p.format);
      if (f === 'date' && typeof e.data === 'string' && !e.data.trim()) return emptyDate(path);
      const en =
        f === 'date'
          ? 'must be a valid date YYYY-MM-DD'
          : f === 'email'
            ? 'must be a valid e-mail address'
            : f === 'uri'
              ? 'must be a valid absolute URI'
              : `must match format ${f}`;
      const sv =
        f === 'date'
          ? 'måste vara ett giltigt datum ÅÅÅÅ-MM-DD'
          : f === 'email'
            ? 'måste vara en giltig e-postadress'
            : f === 'uri'
              ? 'måste vara en giltig webbadress'
              : `måste ha formatet ${f}`;
      return issue(path, 'format', en, sv);
    }
    case 'pattern': {
      const pat = String(p.pattern);
      if (pat === '\\S') return issue(path, 'pattern', 'must not be blank', 'får inte vara tom');
      if (pat.startsWith('^([01]'))
        return issue(path, 'pattern', 'must be a time HH:MM (00:00–23:59)', 'måste vara ett klockslag TT:MM (00:00–23:59)');
      if (pat.startsWith('^(https?'))
        return issue(path, 'pattern', 'must be an https:, http: or mailto: link', 'måste vara en https:-, http:- eller mailto:-länk');
      return issue(path, 'pattern', `must match ${pat}`, `måste följa mönstret ${pat}`);
    }
    case 'maxLength':
      return issue(path, 'maxLength', `must be at most ${p.limit} characters`, `får vara högst ${p.limit} tecken`);
    case 'minLength':
      return issue(
        path,
        'minLength',
        `must be at least ${p.limit} character(s)`,
        p.limit === 1 ? 'får inte vara tom' : `måste vara minst ${p.limit} tecken`,
      );
    case 'maxItems':
      return issue(path, 'maxItems', `must have at most ${p.limit} items`, `får ha högst ${p.limit} poster`);
    case 'minItems':
      return issue(path, 'minItems', `must have at least ${p.limit} item(s)`, `måste ha minst ${p.limit} post(er)`);
    case 'uniqueItems':
      return issue(
        path,
        'uniqueItems',
        `must not repeat items (items ${p.j} and ${p.i} are equal)`,
        `får inte innehålla dubbletter (post ${p.j} och ${p.i} är lika)`,
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return issue(path, e.keyword, `must be ${p.comparison} ${p.limit}`, `måste vara ${p.comparison} ${p.limit}`);
    default:
      return issue(path, e.keyword, e.message ?? 'is invalid', 'är ogiltigt');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Structural guard, run before the schema

function guardShape(input: unknown): ProtocolIssue[] {
  let total = 0;
  const stack: Array<{ v: unknown; d: number; path: string }> = [{ v: input, d: 0, path: '' }];
  while (stack.length) {
    const { v, d, path } = stack.pop()!;
    if (typeof v === 'string') {
      total += v.length;
      if (total > MAX_TOTAL_TEXT)
        return [
          issue(
            '',
            'too-much-text',
            `the protocol holds more than ${MAX_TOTAL_TEXT} characters of text`,
            `protokollet innehåller mer än ${MAX_TOTAL_TEXT} tecken text`,
          ),
        ];
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (d >= MAX_INPUT_DEPTH)
      return [issue(path, 'too-deep', `nesting deeper than ${MAX_INPUT_DEPTH} levels`, `nästlat djupare än ${MAX_INPUT_DEPTH} nivåer`)];
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, d: d + 1, path: join(path, i) }));
    else
      for (const [k, x] of Object.entries(v)) {
        total += k.length;
        stack.push({ v: x, d: d + 1, path: join(path, k) });
      }
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// Semantic checks (defensive: they run even when the schema failed, on whatever has the right shape)

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const norm = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');

const ROLE_SV: Readonly<Record<string, string>> = SV_ROLE_SV;

const ANSLAG_DATE_SV: Readonly<Record<string, string>> = {
  postedDate: 'datum för anslags uppsättande',
  lastAppealDate: 'sista dag att överklaga',
  takeDownDate: 'datum för anslags nedtagande',
};

/** Fields that only version 2 has (every v1 object refused unknown fields, so a key names a v2 feature). */
const V2_KEYS = new Set(['numbering', 'absentSubstitutes', 'attendanceList', 'anslag', 'latest', 'subItems', 'strike', 'align']);

/** A version 1 file that uses a version 2 field: say so at the field, instead of "unknown property". */
function checkVersionFeatures(value: unknown, path: string, errors: ProtocolIssue[], depth = 0): void {
  if (depth > MAX_INPUT_DEPTH) return;
  if (Array.isArray(value)) value.forEach((v, i) => checkVersionFeatures(v, join(path, i), errors, depth + 1));
  else if (isRec(value))
    for (const [k, v] of Object.entries(value)) {
      const kpath = join(path, k);
      if (V2_KEYS.has(k)) {
        errors.push(
          issue(kpath, 'format-version', `"${k}" needs "formatVersion": 2`, `"${k}" kräver "formatVersion": 2 (filen anger version 1)`),
        );
      } else checkVersionFeatures(v, kpath, errors, depth + 1);
    }
}

function daysBetween(from: string, to: string): number | undefined {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.round((b - a) / 86_400_000);
}

function checkBlocks(blocks: unknown, path: string, listDepth: number, errors: ProtocolIssue[]): void {
  arr(blocks).forEach((block, bi) => {
    if (!isRec(block)) return;
    const bpath = join(path, bi);
    if (block.type === 'bulletList' || block.type === 'numberedList') {
      if (listDepth + 1 > MAX_LIST_NESTING) {
        errors.push(
          issue(
            bpath,
            'list-too-deep',
            `lists may be nested at most ${MAX_LIST_NESTING} levels deep`,
            `listor får vara nästlade högst ${MAX_LIST_NESTING} nivåer`,
          ),
        );
        return;
      }
      arr(block.items).forEach((item, ii) => {
        if (!isRec(item)) return;
        const ipath = join(join(bpath, 'items'), ii);
        if (arr(item.content).length === 0 && arr(item.children).length === 0) {
          errors.push(
            issue(ipath, 'empty-list-item', 'a list item needs content or children', 'en listpunkt måste ha text eller underpunkter'),
          );
        }
        checkBlocks(item.children, join(ipath, 'children'), listDepth + 1, errors);
      });
    } else if (block.type === 'table') {
      const header = arr(block.header);
      const rows = arr(block.rows);
      const first = [...header, ...rows].find(Array.isArray) as unknown[] | undefined;
      if (!first) {
        errors.push(issue(bpath, 'empty-table', 'a table needs at least one header row or row', 'en tabell måste ha minst en rad'));
        return;
      }
      const columns = first.length;
      const checkRow = (row: unknown, rpath: string): void => {
        if (Array.isArray(row) && row.length !== columns) {
          errors.push(
            issue(
              rpath,
              'table-column-count',
              `has ${row.length} cells but the table has ${columns} columns`,
              `har ${row.length} celler men tabellen har ${columns} kolumner`,
            ),
          );
        }
      };
      header.forEach((row, ri) => checkRow(row, join(join(bpath, 'header'), ri)));
      rows.forEach((row, ri) => checkRow(row, join(join(bpath, 'rows'), ri)));
      if (Array.isArray(block.columnWidths) && block.columnWidths.length !== columns) {
        errors.push(
          issue(
            join(bpath, 'columnWidths'),
            'table-column-widths',
            `has ${block.columnWidths.length} widths but the table has ${columns} columns`,
            `har ${block.columnWidths.length} bredder men tabellen har ${columns} kolumner`,
          ),
        );
      }
      if (Array.isArray(block.align) && block.align.length !== columns) {
        errors.push(
          issue(
            join(bpath, 'align'),
            'table-column-align',
            `has ${block.align.length} alignments but the table has ${columns} columns`,
            `har ${block.align.length} justeringar men tabellen har ${columns} kolumner`,
          ),
        );
      }
    }
  });
}

/**
 * Running text (the inlines of a paragraph, heading, list item, table cell or the notes) may hold "\n":
 * a line break inside the block. Every other text (names, titles, places, labels) is one line.
 */
const RUNNING_TEXT = /(\.content|^notes)\[\d+\](\.text)?$/;

function checkLineBreaks(value: unknown, path: string, errors: ProtocolIssue[]): void {
  if (typeof value === 'string') {
    if (/[\n\r\u2028\u2029]/.test(value) && path !== '$schema' && !RUNNING_TEXT.test(path)) {
      errors.push(
        issue(
          path,
          'line-break',
          'must be one line: a line break ("\\n") is only allowed in running text (paragraphs, headings, list items, table cells, notes)',
          'får inte innehålla radbrytningar: radbrytning ("\\n") går bara i löptext (stycken, underrubriker, listpunkter, tabellceller, anteckningar)',
        ),
      );
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkLineBreaks(v, join(path, i), errors));
  else if (isRec(value)) for (const [k, v] of Object.entries(value)) checkLineBreaks(v, join(path, k), errors);
}

function semanticChecks(input: unknown, errors: ProtocolIssue[], warnings: ProtocolIssue[]): void {
  if (!isRec(input)) return;
  checkLineBreaks(input, '', errors);
  if (input.formatVersion === 1) checkVersionFeatures(input, '', errors);

  // §§: unique numbers, ascending order, content checks
  const numbers = new Map<number, number>();
  let previous: number | undefined;
  let warnedOrder = false;
  arr(input.paragraphs).forEach((p, i) => {
    if (!isRec(p)) return;
    const path = join('paragraphs', i);
    const n = num(p.number);
    if (n !== undefined) {
      const first = numbers.get(n);
      if (first !== undefined) {
        errors.push(
          issue(
            join(path, 'number'),
            'duplicate-paragraph-number',
            `§ ${n} is used twice (also paragraphs[${first}])`,
            `§ ${n} förekommer två gånger (även paragraphs[${first}])`,
          ),
        );
      } else numbers.set(n, i);
      if (previous !== undefined && n <= previous && !warnedOrder && first === undefined) {
        warnedOrder = true;
        warnings.push(
          issue(
            join(path, 'number'),
            'paragraph-order',
            `§ ${n} comes after § ${previous}; paragraphs are normally in ascending order`,
            `§ ${n} kommer efter § ${previous}; paragraferna brukar stå i stigande ordning`,
          ),
        );
      }
      previous = n;
    }
    arr(p.sections).forEach((s, si) => {
      if (isRec(s)) checkBlocks(s.content, join(join(join(path, 'sections'), si), 'content'), 0, errors);
    });
    // Sub-items (v2): unique numbers within the §, the same content rules
    const subNumbers = new Map<number, number>();
    arr(p.subItems).forEach((sub, ki) => {
      if (!isRec(sub)) return;
      const spath = join(join(path, 'subItems'), ki);
      const k = num(sub.number);
      if (k !== undefined) {
        const firstAt = subNumbers.get(k);
        const label = n !== undefined ? `${n}.${k}` : String(k);
        if (firstAt !== undefined) {
          errors.push(
            issue(
              join(spath, 'number'),
              'duplicate-subitem-number',
              `sub-item ${label} is used twice (also subItems[${firstAt}])`,
              `underpunkt ${label} förekommer två gånger (även subItems[${firstAt}])`,
            ),
          );
        } else subNumbers.set(k, ki);
      }
      arr(sub.sections).forEach((s, si) => {
        if (isRec(s)) checkBlocks(s.content, join(join(join(spath, 'sections'), si), 'content'), 0, errors);
      });
    });
  });

  // Attendees and attachments must point at existing §§
  arr(input.others).forEach((o, i) => {
    if (!isRec(o)) return;
    arr(o.paragraphs).forEach((n, k) => {
      if (typeof n === 'number' && !numbers.has(n)) {
        errors.push(
          issue(
            join(join(join('others', i), 'paragraphs'), k),
            'unknown-paragraph',
            `§ ${n} is not in this protocol`,
            `§ ${n} finns inte i protokollet`,
          ),
        );
      }
    });
  });
  arr(input.attachments).forEach((a, i) => {
    if (isRec(a) && typeof a.paragraph === 'number' && !numbers.has(a.paragraph)) {
      errors.push(
        issue(
          join(join('attachments', i), 'paragraph'),
          'unknown-paragraph',
          `§ ${a.paragraph} is not in this protocol`,
          `§ ${a.paragraph} finns inte i protokollet`,
        ),
      );
    }
  });

  // Signatories: exactly one sekreterare, one ordförande, one or two justerare; distinct people
  const signatories = arr(input.signatories).filter(isRec);
  if (Array.isArray(input.signatories)) {
    const count = (role: string): number => signatories.filter((s) => s.role === role).length;
    const expect = (role: string, min: number, max: number): void => {
      const c = count(role);
      if (c < min || c > max) {
        const want = min === max ? `exactly ${min}` : `${min} or ${max}`;
        const wantSv = min === max ? `exakt ${min}` : `${min} eller ${max}`;
        errors.push(
          issue(
            'signatories',
            `signatory-count-${role}`,
            `must have ${want} ${role} (has ${c})`,
            `måste ha ${wantSv} ${ROLE_SV[role]} (har ${c})`,
          ),
        );
      }
    };
    expect('sekreterare', 1, 1);
    expect('ordforande', 1, 1);
    expect('justerare', 1, 2);

    const rank: Record<string, number> = { sekreterare: 0, ordforande: 1, justerare: 2 };
    const ranks = signatories.map((s) => rank[String(s.role)]).filter((r): r is number => r !== undefined);
    if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) {
      warnings.push(
        issue(
          'signatories',
          'signatory-order',
          'signatories are normally listed sekreterare, ordförande, justerare (the signing order)',
          'underskrifterna brukar anges i ordningen sekreterare, ordförande, justerare (signeringsordningen)',
        ),
      );
    }
    const names = new Map<string, number>();
    const emails = new Map<string, number>();
    arr(input.signatories).forEach((s, i) => {
      if (!isRec(s)) return;
      const name = str(s.name);
      if (name && name.trim()) {
        const k = norm(name);
        const j = names.get(k);
        if (j !== undefined)
          errors.push(
            issue(
              join(join('signatories', i), 'name'),
              'duplicate-signatory',
              `${name} already signs as signatories[${j}]; one person cannot sign twice`,
              `${name} skriver redan under som signatories[${j}]; en person kan inte skriva under två gånger`,
            ),
          );
        else names.set(k, i);
      }
      const email = str(s.email);
      if (email) {
        const k = email.trim().toLowerCase();
        const j = emails.get(k);
        if (j !== undefined)
          errors.push(
            issue(
              join(join('signatories', i), 'email'),
              'duplicate-signatory-email',
              `the same e-mail address as signatories[${j}]; each signer needs their own`,
              `samma e-postadress som signatories[${j}]; varje undertecknare behöver en egen`,
            ),
          );
        else emails.set(k, i);
      }
    });
  }

  // Adjusters vs the justerare who sign: a warning (a justerare may be replaced after the meeting)
  const adjusters = arr(input.adjusters)
    .map(str)
    .filter((s): s is string => !!s && !!s.trim());
  const seenAdj = new Map<string, number>();
  arr(input.adjusters).forEach((a, i) => {
    const s = str(a);
    if (!s || !s.trim()) return;
    const j = seenAdj.get(norm(s));
    if (j !== undefined) errors.push(issue(join('adjusters', i), 'duplicate-adjuster', `${s} is listed twice`, `${s} står två gånger`));
    else seenAdj.set(norm(s), i);
  });
  const justerare = signatories
    .filter((s) => s.role === 'justerare')
    .map((s) => str(s.name))
    .filter((s): s is string => !!s && !!s.trim());
  if (adjusters.length && justerare.length) {
    const a = new Set(adjusters.map(norm));
    const j = new Set(justerare.map(norm));
    const same = a.size === j.size && [...a].every((x) => j.has(x));
    if (!same) {
      warnings.push(
        issue(
          'adjusters',
          'adjusters-mismatch',
          `the appointed adjusters (${adjusters.join(', ')}) differ from the justerare who sign (${justerare.join(', ')})`,
          `de som utsågs att justera (${adjusters.join(', ')}) är inte desamma som justerarna som skriver under (${justerare.join(', ')})`,
        ),
      );
    }
  }

  // Given anslag dates (v2): posted ≤ last appeal day ≤ taken down, none before the meeting
  const anslag = isRec(input.anslag) ? input.anslag : undefined;
  if (anslag) {
    const posted = str(anslag.postedDate);
    const order: [string, string | undefined][] = [
      ['postedDate', posted],
      ['lastAppealDate', str(anslag.lastAppealDate)],
      ['takeDownDate', str(anslag.takeDownDate)],
    ];
    const given = order.filter((x): x is [string, string] => !!x[1]);
    for (let i = 1; i < given.length; i++) {
      const d = daysBetween(given[i - 1][1], given[i][1]);
      if (d !== undefined && d < 0) {
        errors.push(
          issue(
            join('anslag', given[i][0]),
            'anslag-dates-order',
            `${given[i][0]} (${given[i][1]}) is before ${given[i - 1][0]} (${given[i - 1][1]})`,
            `${ANSLAG_DATE_SV[given[i][0]]} (${given[i][1]}) ligger före ${ANSLAG_DATE_SV[given[i - 1][0]]} (${given[i - 1][1]})`,
          ),
        );
      }
    }
    const md = isRec(input.meeting) ? str(input.meeting.date) : undefined;
    const pd = posted && md ? daysBetween(md, posted) : undefined;
    if (pd !== undefined && pd < 0) {
      errors.push(
        issue(
          'anslag.postedDate',
          'anslag-before-meeting',
          `the notice (${posted}) is posted before the meeting (${md})`,
          `anslaget (${posted}) sätts upp före sammanträdet (${md})`,
        ),
      );
    }
  }

  // Times and dates
  const meeting = isRec(input.meeting) ? input.meeting : undefined;
  const start = str(meeting?.startTime);
  const end = str(meeting?.endTime);
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (start && end && hhmm.test(start) && hhmm.test(end) && end < start) {
    errors.push(
      issue(
        'meeting.endTime',
        'meeting-ends-before-start',
        `the meeting ends (${end}) before it starts (${start})`,
        `sammanträdet slutar (${end}) innan det börjar (${start})`,
      ),
    );
  }
  const mdate = str(meeting?.date);
  const justering = isRec(input.justering) ? input.justering : undefined;
  const jdate = str(justering?.date);
  if (mdate && jdate) {
    const days = daysBetween(mdate, jdate);
    if (days !== undefined && days < 0) {
      errors.push(
        issue(
          'justering.date',
          'justering-before-meeting',
          `justering (${jdate}) is planned before the meeting (${mdate})`,
          `justeringen (${jdate}) är planerad före sammanträdet (${mdate})`,
        ),
      );
    } else if (days !== undefined && days > JUSTERING_DEADLINE_DAYS) {
      warnings.push(
        issue(
          'justering.date',
          'justering-late',
          `justering (${jdate}) is more than ${JUSTERING_DEADLINE_DAYS} days after the meeting; the legal deadline may be missed`,
          `justeringen (${jdate}) ligger mer än ${JUSTERING_DEADLINE_DAYS} dagar efter sammanträdet; lagens tidsfrist kan överskridas`,
        ),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Spellings people write that mean the same thing (the input is not changed; a normalised copy is)

const ROLE_ALIASES: Record<string, string> = {
  ordförande: 'ordforande',
  justerande: 'justerare',
  ordforande: 'ordforande',
  justerare: 'justerare',
  sekreterare: 'sekreterare',
};

/**
 * Signatory roles in Swedish spelling or any case ("Ordförande", "justerande") become the format's
 * values; a party written with its parentheses ("(S)") loses them (the PDF adds them). Returns a copy
 * when something changed, else the input itself.
 */
function normaliseAliases(input: unknown): unknown {
  if (!isRec(input)) return input;
  let out: Rec = input;
  const copy = (): Rec => (out === input ? (out = { ...input }) : out);
  if (Array.isArray(input.signatories)) {
    const list = input.signatories.map((s) => {
      if (!isRec(s) || typeof s.role !== 'string') return s;
      const role = ROLE_ALIASES[s.role.trim().toLocaleLowerCase('sv')];
      return role && role !== s.role ? { ...s, role } : s;
    });
    if (list.some((s, i) => s !== (input.signatories as unknown[])[i])) copy().signatories = list;
  }
  for (const key of ['members', 'substitutes', 'others', 'absent', 'absentSubstitutes']) {
    const people = input[key];
    if (!Array.isArray(people)) continue;
    const list = people.map((x) => {
      if (!isRec(x) || typeof x.party !== 'string') return x;
      const m = /^\s*\(\s*([^()]*?)\s*\)\s*$/.exec(x.party);
      return m && m[1] ? { ...x, party: m[1] } : x;
    });
    if (list.some((x, i) => x !== people[i])) copy()[key] = list;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

function dedupe(list: ProtocolIssue[]): ProtocolIssue[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.path}\u0000${i.code}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Validates an untrusted protocol (parsed JSON): first a guard on depth and total size, then the JSON
 * Schema (every failing path, not just the first), then the rules the schema cannot express. Returns
 * the typed protocol when there is no error; warnings never block.
 */
export function validateProtocol(raw: unknown): ProtocolValidationResult {
  const guard = guardShape(raw);
  if (guard.length) return { ok: false, errors: guard, warnings: [] };
  const input = normaliseAliases(raw);

  const errors: ProtocolIssue[] = [];
  const warnings: ProtocolIssue[] = [];
  const validate = schemaValidator();
  if (!validate(input)) {
    for (const e of validate.errors ?? []) {
      const i = describeSchemaError(e);
      if (i) errors.push(i);
    }
  }
  semanticChecks(input, errors, warnings);
  // An empty string fails both minLength and the not-blank pattern: say it once.
  const tooShort = new Set(errors.filter((e) => e.code === 'minLength').map((e) => e.path));
  let errs = dedupe(errors.filter((e) => !(e.code === 'pattern' && tooShort.has(e.path))));
  if (errs.length > MAX_REPORTED_ERRORS) {
    const more = errs.length - MAX_REPORTED_ERRORS;
    errs = [
      ...errs.slice(0, MAX_REPORTED_ERRORS),
      issue('', 'too-many-errors', `${more} more errors not listed`, `ytterligare ${more} fel visas inte`),
    ];
  }
  if (errs.length) return { ok: false, errors: errs, warnings: dedupe(warnings) };
  const protocol =
    isRec(input) && input.formatVersion === 1 ? convertProtocolV1(input as unknown as ProtocolV1) : (input as unknown as Protocol);
  return { ok: true, protocol, warnings: dedupe(warnings) };
}

/**
 * Converts a version 1 protocol to the current version (2). Version 2 only adds optional fields, so
 * every v1 field keeps its meaning: the conversion sets the version and leaves the rest as it is
 * (a new object; the input is not changed). `validateProtocol` calls it on every valid v1 file, so the
 * rest of Justera only sees version 2.
 */
export function convertProtocolV1(v1: ProtocolV1): Protocol {
  const { $schema, formatVersion: _v1, ...rest } = v1;
  return { ...($schema !== undefined ? { $schema } : {}), formatVersion: 2, ...rest };
}

/** Thrown by assertReadyForJustering; `code` is for the API's error filter. */
export class ProtocolNotReadyError extends Error {
  readonly code = 'PROTOCOL_NOT_READY';
  constructor(readonly issues: ProtocolIssue[]) {
    super(`The protocol is not ready for justering: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ProtocolNotReadyError';
  }
}

/** The issues that stop a justering from starting (empty = ready): all validation errors, and every signatory needs an e-mail address. */
export function checkReadyForJustering(protocol: Protocol): ProtocolIssue[] {
  const result = validateProtocol(protocol);
  const issues = result.ok ? [] : [...result.errors];
  arr((protocol as unknown as Rec).signatories).forEach((s, i) => {
    const path = show(join(join('signatories', i), 'email'));
    if (isRec(s) && !(typeof s.email === 'string' && s.email.trim()) && !issues.some((x) => x.path === path)) {
      const who = typeof s.name === 'string' ? s.name : `signatories[${i}]`;
      issues.push(
        issue(
          path,
          'signatory-email-missing',
          `${who} has no e-mail address for the signing link`,
          `${who} saknar e-postadress för signeringslänken`,
        ),
      );
    }
  });
  // Given anslag dates (v2) belong to a protocol justerat and posted elsewhere: they are printed
  // instead of the form fields that Justera's anslag fills, so a protocol justerat here with them
  // could never get its own dates (the notice would end as `no-fields`). The sentence (`text`) may stay.
  const anslag = (protocol as unknown as Rec).anslag;
  if (isRec(anslag))
    for (const key of ['postedDate', 'takeDownDate', 'lastAppealDate'] as const)
      if (anslag[key] !== undefined)
        issues.push(
          issue(
            show(join('anslag', key)),
            'anslag-date-given',
            `the protocol already gives the ${ANSLAG_DATE_EN[key]}; Justera sets it when it posts the justerat protocol — remove it (the sentence may stay)`,
            `protokollet anger redan ${ANSLAG_DATE_SV[key]}; Justera sätter datumet när protokollet anslås efter justeringen — ta bort det (meningen i anslag.text får stå kvar)`,
          ),
        );
  return issues;
}

const ANSLAG_DATE_EN = { postedDate: 'posting date', takeDownDate: 'take-down date', lastAppealDate: 'last day of appeal' };
/** Throws ProtocolNotReadyError unless the protocol is valid and every signatory has an e-mail address. */
export function assertReadyForJustering(protocol: Protocol): void {
  const issues = checkReadyForJustering(protocol);
  if (issues.length) throw new ProtocolNotReadyError(issues);
}

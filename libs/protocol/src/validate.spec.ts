import type { Protocol, ProtocolV1 } from './model';
import {
  convertProtocolV1,
  assertReadyForJustering,
  checkReadyForJustering,
  MAX_INPUT_DEPTH,
  MAX_REPORTED_ERRORS,
  MAX_TOTAL_TEXT,
  ProtocolNotReadyError,
  validateProtocol,
} from './validate';

function minimal(): Protocol {
  return {
    formatVersion: 2,
    organisation: 'Exempelkommunen',
    organ: 'Kommunstyrelsen',
    meeting: { date: '2025-03-05', startTime: '09:00', endTime: '11:30', place: 'Sessionssalen' },
    members: [{ name: 'Anna Andersson', party: 'S' }],
    adjusters: ['Per Persson'],
    paragraphs: [
      {
        number: 1,
        title: 'Val av justerare',
        sections: [{ kind: 'beslut', content: [{ type: 'paragraph', content: ['Per Persson utses.'] }] }],
      },
      { number: 2, title: 'Budget', sections: [] },
    ],
    signatories: [
      { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@example.se' },
      { role: 'ordforande', name: 'Anna Andersson', email: 'anna@example.se' },
      { role: 'justerare', name: 'Per Persson', email: 'per@example.org' },
    ],
    storagePlace: 'Kommunkansliet',
  };
}

const clone = <T>(v: T): T => structuredClone(v);
const paths = (input: unknown): string[] => {
  const r = validateProtocol(input);
  return r.ok ? [] : r.errors.map((e) => e.path);
};
const codes = (input: unknown): string[] => {
  const r = validateProtocol(input);
  return r.ok ? [] : r.errors.map((e) => e.code);
};

describe(validateProtocol.name, () => {
  it('accepts a minimal protocol and returns it typed, with no warnings', () => {
    const r = validateProtocol(minimal());
    expect(r).toEqual({ ok: true, protocol: minimal(), warnings: [] });
  });

  it('lists every failing path at once, as dotted paths with indices', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.organ = '';
    p.meeting.date = '2025-02-30';
    p.meeting.startTime = '9:00';
    p.members[0].nickname = 'Anna';
    p.paragraphs[1].title = 'x'.repeat(501);
    p.paragraphs[0].sections[0].content[0].content.push({ text: 'fet', bold: 'ja' });
    p.signatories[2].email = 'inte-en-adress';
    delete p.storagePlace;
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.path} ${e.code}`).sort()).toEqual(
      [
        'organ minLength',
        'meeting.date format',
        'meeting.startTime pattern',
        'members[0].nickname additionalProperties',
        'paragraphs[1].title maxLength',
        'paragraphs[0].sections[0].content[0].content[1].bold type',
        'signatories[2].email format',
        'storagePlace required',
      ].sort(),
    );
    for (const e of r.errors) {
      expect(e.message.length).toBeGreaterThan(5);
      expect(e.messageSv.length).toBeGreaterThan(5);
    }
  });

  it('says an empty date is missing, in the words of a missing field, and a malformed one is not a date', () => {
    const sv = (p: unknown) => {
      const r = validateProtocol(p);
      return r.ok ? [] : r.errors.map((e) => `${e.path} ${e.code}: ${e.messageSv}`);
    };
    const p = clone(minimal()) as unknown as Record<string, any>;
    delete p.meeting.date;
    expect(sv(p)).toEqual(['meeting.date required: saknas men måste anges']);
    for (const empty of ['', '  ']) {
      p.meeting.date = empty;
      expect(sv(p)).toEqual(['meeting.date required: saknas men måste anges']);
    }
    p.meeting.date = '2025-02-30';
    expect(sv(p)).toEqual(['meeting.date format: måste vara ett giltigt datum ÅÅÅÅ-MM-DD']);
    // An optional date given empty may be left out instead.
    const q = clone(minimal()) as unknown as Record<string, any>;
    q.justering = { place: 'Stadshuset', date: '' };
    q.anslag = { takeDownDate: '' };
    expect(sv(q).sort()).toEqual([
      'anslag.takeDownDate format: saknas: ange ett datum ÅÅÅÅ-MM-DD eller ta bort fältet',
      'justering.date format: saknas: ange ett datum ÅÅÅÅ-MM-DD eller ta bort fältet',
    ]);
    delete q.justering.date;
    delete q.anslag.takeDownDate;
    expect(sv(q)).toEqual([]);
  });

  it('names an unknown block type and does not drown it in oneOf noise', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.paragraphs[0].sections[0].content.push({ type: 'image', src: 'x.png' });
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([expect.objectContaining({ path: 'paragraphs[0].sections[0].content[1].type', code: 'discriminator' })]);
  });

  it('reports errors inside the chosen block type only', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.paragraphs[0].sections[0].content.push({ type: 'numberedList', style: 'roman', items: [] });
    expect(paths(p).sort()).toEqual(['paragraphs[0].sections[0].content[1].items', 'paragraphs[0].sections[0].content[1].style']);
  });

  it.each([
    ['not an object', 42, ['(root)']],
    ['an array', [], ['(root)']],
    ['wrong formatVersion', { ...minimal(), formatVersion: 3 }, ['formatVersion']],
    ['blank name', { ...minimal(), members: [{ name: '   ' }] }, ['members[0].name']],
    ['javascript: link', { ...minimal(), notes: [{ text: 'klick', href: 'javascript:alert(1)' }] }, ['notes[0].href']],
    ['three adjusters', { ...minimal(), adjusters: ['A', 'B', 'C'] }, ['adjusters']],
  ])('rejects %s', (_label, input, expected) => {
    expect(paths(input)).toEqual(expected);
  });

  it('accepts 2000 §§ and rejects 2001', () => {
    const many = (n: number) => ({
      ...minimal(),
      paragraphs: Array.from({ length: n }, (_, i) => ({ number: i + 1, title: `Ärende ${i + 1}`, sections: [] })),
    });
    expect(validateProtocol(many(2000)).ok).toBe(true);
    expect(paths(many(2001))).toEqual(['paragraphs']);
  });

  it('lists at most MAX_REPORTED_ERRORS errors and says how many more there were', () => {
    const p = { ...minimal(), members: Array.from({ length: 400 }, () => ({ name: '', extra: 1 })) };
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(r.errors.at(-1)).toEqual(
      expect.objectContaining({ path: '(root)', code: 'too-many-errors', message: '300 more errors not listed' }),
    );
  });

  it('counts property names towards the text limit', () => {
    const huge = { [`k${'x'.repeat(MAX_TOTAL_TEXT)}`]: 1 };
    expect(codes({ ...minimal(), notes: [huge] })).toEqual(['too-much-text']);
  });

  it('refuses deeply nested input before running the schema', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH + 5; i++) deep = [deep];
    expect(codes({ ...minimal(), notes: deep })).toEqual(['too-deep']);
  });

  describe('semantic rules', () => {
    it('rejects a duplicate § number and names the first occurrence', () => {
      const p = clone(minimal());
      p.paragraphs[1]!.number = 1;
      const r = validateProtocol(p);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toEqual([
        expect.objectContaining({
          path: 'paragraphs[1].number',
          code: 'duplicate-paragraph-number',
          message: expect.stringContaining('paragraphs[0]'),
        }),
      ]);
    });

    it('warns (does not fail) when §§ are not ascending', () => {
      const p = clone(minimal());
      p.paragraphs.reverse();
      const r = validateProtocol(p);
      expect(r.ok).toBe(true);
      expect(r.warnings.map((w) => w.code)).toEqual(['paragraph-order']);
    });

    it('rejects attendees and attachments that point at §§ not in the protocol', () => {
      const p = clone(minimal());
      p.others = [{ name: 'Ola Olsson', paragraphs: [1, 7] }];
      p.attachments = [{ title: 'Bilaga', paragraph: 9 }];
      expect(paths(p)).toEqual(['others[0].paragraphs[1]', 'attachments[0].paragraph']);
    });

    it.each([
      ['no sekreterare', ['ordforande', 'justerare', 'justerare'], ['signatory-count-sekreterare']],
      ['two ordförande', ['sekreterare', 'ordforande', 'ordforande', 'justerare'], ['signatory-count-ordforande']],
      ['no justerare', ['sekreterare', 'ordforande', 'sekreterare'], ['signatory-count-sekreterare', 'signatory-count-justerare']],
    ])('checks the signatory roles: %s', (_label, roles, expected) => {
      const p = clone(minimal());
      p.signatories = roles.map((role, i) => ({ role: role as 'sekreterare', name: `Person ${i}`, email: `p${i}@example.se` }));
      p.adjusters = p.signatories.filter((s) => s.role === 'justerare').map((s) => s.name);
      if (!p.adjusters.length) p.adjusters = ['Person 9'];
      expect(codes(p)).toEqual(expected);
    });

    it('accepts two justerare', () => {
      const p = clone(minimal());
      p.signatories.push({ role: 'justerare', name: 'Lisa Larsson', email: 'lisa@example.org' });
      p.adjusters.push('Lisa Larsson');
      expect(validateProtocol(p)).toEqual({ ok: true, protocol: p, warnings: [] });
    });

    it('rejects one person signing twice and a shared e-mail address', () => {
      const p = clone(minimal());
      p.signatories[2] = { role: 'justerare', name: 'anna  andersson', email: 'ANNA@example.se' };
      p.adjusters = ['anna  andersson'];
      expect(codes(p)).toEqual(['duplicate-signatory', 'duplicate-signatory-email']);
    });

    it('warns when the appointed adjusters differ from the justerare who sign, and when the order is unusual', () => {
      const p = clone(minimal());
      p.adjusters = ['Kalle Karlsson'];
      p.signatories.reverse();
      const r = validateProtocol(p);
      expect(r.ok).toBe(true);
      expect(r.warnings.map((w) => `${w.path} ${w.code}`)).toEqual(['signatories signatory-order', 'adjusters adjusters-mismatch']);
    });

    it('checks table rows and column widths against the header', () => {
      const p = clone(minimal());
      const cell = (t: string) => ({ content: [t] });
      p.paragraphs[1]!.sections = [
        {
          kind: 'beslut',
          content: [
            {
              type: 'table',
              header: [[cell('ÅTGÄRDER'), cell('SLUTDATUM'), cell('ANSVARIG')]],
              rows: [
                [cell('a'), cell('b'), cell('c')],
                [cell('a'), cell('b')],
                [cell('a'), cell('b'), cell('c'), cell('d')],
              ],
              columnWidths: [2, 1],
            },
          ],
        },
      ];
      const r = validateProtocol(p);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.map((e) => `${e.path} ${e.code}`)).toEqual([
        'paragraphs[1].sections[0].content[0].rows[1] table-column-count',
        'paragraphs[1].sections[0].content[0].rows[2] table-column-count',
        'paragraphs[1].sections[0].content[0].columnWidths table-column-widths',
      ]);
    });

    it('rejects lists nested deeper than four levels and empty list items', () => {
      const p = clone(minimal());
      let list: any = { type: 'bulletList', items: [{ content: ['botten'] }] };
      for (let i = 0; i < 4; i++) list = { type: 'bulletList', items: [{ content: [`nivå ${i}`], children: [list] }] };
      p.paragraphs[1]!.sections = [{ kind: 'ovrigt', content: [list, { type: 'bulletList', items: [{ content: [] }] }] }];
      expect(codes(p)).toEqual(['list-too-deep', 'empty-list-item']);
    });

    it('rejects a meeting that ends before it starts, and a justering before the meeting', () => {
      const p = clone(minimal());
      p.meeting.endTime = '08:59';
      p.justering = { date: '2025-03-04' };
      expect(paths(p)).toEqual(['meeting.endTime', 'justering.date']);
    });

    it('warns when justering is planned more than 14 days after the meeting', () => {
      const p = clone(minimal());
      p.justering = { date: '2025-03-20' };
      const r = validateProtocol(p);
      expect(r.ok).toBe(true);
      expect(r.warnings.map((w) => w.code)).toEqual(['justering-late']);
      p.justering = { date: '2025-03-19' };
      expect(validateProtocol(p).warnings).toEqual([]);
    });

    it('runs the semantic rules even when the schema fails elsewhere', () => {
      const p = clone(minimal()) as unknown as Record<string, any>;
      p.organisation = 7;
      p.paragraphs[1].number = 1;
      expect(codes(p).sort()).toEqual(['duplicate-paragraph-number', 'type']);
    });
  });
});

describe(assertReadyForJustering.name, () => {
  it('passes a valid protocol where every signatory has an e-mail address', () => {
    expect(() => assertReadyForJustering(minimal())).not.toThrow();
  });

  it('throws ProtocolNotReadyError naming each signatory without e-mail', () => {
    const p = clone(minimal());
    delete p.signatories[0]!.email;
    delete p.signatories[2]!.email;
    expect(checkReadyForJustering(p).map((i) => i.path)).toEqual(['signatories[0].email', 'signatories[2].email']);
    try {
      assertReadyForJustering(p);
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolNotReadyError);
      expect((e as ProtocolNotReadyError).code).toBe('PROTOCOL_NOT_READY');
      expect((e as ProtocolNotReadyError).issues.map((i) => i.messageSv)).toEqual([
        'Sara Sekreterare saknar e-postadress för signeringslänken',
        'Per Persson saknar e-postadress för signeringslänken',
      ]);
    }
  });

  it('reports a malformed e-mail address once, as a validation error', () => {
    const p = clone(minimal());
    p.signatories[1]!.email = ' ';
    expect(checkReadyForJustering(p).map((i) => `${i.path} ${i.code}`)).toEqual(['signatories[1].email format']);
  });

  it('refuses given anslag dates (a protocol justerat elsewhere), which Justera could not fill later; the sentence may stay', () => {
    const p = clone(minimal());
    p.anslag = { text: 'Nämndens protokoll är justerat.' };
    expect(checkReadyForJustering(p)).toEqual([]);
    p.anslag = { ...p.anslag, postedDate: p.meeting.date, lastAppealDate: p.meeting.date };
    expect(validateProtocol(p).ok).toBe(true);
    expect(checkReadyForJustering(p).map((i) => `${i.path} ${i.code}`)).toEqual([
      'anslag.postedDate anslag-date-given',
      'anslag.lastAppealDate anslag-date-given',
    ]);
    expect(checkReadyForJustering(p)[0]!.messageSv).toContain('protokollet anger redan datum för anslags uppsättande');
  });

  it('also refuses an invalid protocol', () => {
    const p = clone(minimal());
    p.paragraphs[1]!.number = 1;
    expect(() => assertReadyForJustering(p)).toThrow(ProtocolNotReadyError);
  });
});

describe('validateProtocol: spellings people write', () => {
  it('accepts the Swedish role spellings and returns the format values, leaving the input unchanged', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.signatories[1].role = 'Ordförande';
    p.signatories[2].role = 'justerande';
    const r = validateProtocol(p);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.protocol.signatories.map((s) => s.role)).toEqual(['sekreterare', 'ordforande', 'justerare']);
    expect(p.signatories[1].role).toBe('Ordförande');
  });

  it('drops parentheses written around a party, so the PDF does not print "((S))"', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.members[0].party = '(S)';
    const r = validateProtocol(p);
    expect(r.ok && r.protocol.members[0].party).toBe('S');
  });

  it('says what shape a table cell, list item or block must have', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.paragraphs[0].sections[0].content.push({ type: 'table', header: [['Åtgärd']], rows: [] });
    p.paragraphs[0].sections[0].content.push({ type: 'bulletList', items: ['punkt'] });
    p.paragraphs[0].sections[0].content.push('fri text');
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = (path: string) => r.errors.find((e) => e.path === path && e.code === 'type');
    expect(byPath('paragraphs[0].sections[0].content[1].header[0][0]')?.messageSv).toBe(
      'måste vara ett objekt av formen { "content": ["text"] }',
    );
    expect(byPath('paragraphs[0].sections[0].content[2].items[0]')?.messageSv).toContain('{ "content": ["text"]');
    expect(byPath('paragraphs[0].sections[0].content[3]')?.messageSv).toContain('"type": "paragraph"');
  });

  it('says what shape a list must have when running text or rows are given as a plain string', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.paragraphs[0].sections[0].content[0].content = 'Per Persson utses.';
    p.paragraphs[0].sections[0].content.push({ type: 'table', header: [], rows: 'Åtgärd' });
    p.paragraphs[1].sections = { kind: 'beslut' };
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = (path: string) => r.errors.find((e) => e.path === path && e.code === 'type')?.messageSv;
    expect(byPath('paragraphs[0].sections[0].content[0].content')).toBe(
      'måste vara en lista av formen ["text", { "text": "fet", "bold": true }]',
    );
    expect(byPath('paragraphs[0].sections[0].content[1].rows')).toContain('[[{ "content": ["text"] }');
    expect(byPath('paragraphs[1].sections')).toContain('[{ "kind": "beslut"');
  });
});

describe('validateProtocol: line breaks', () => {
  it('accepts "\\n" in running text (a line break inside the block)', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.paragraphs[0].sections[0].content[0].content = ['Ordföranden tackade.\nNästa möte är den 23 mars.'];
    p.notes = [{ text: 'Digitalt möte.\nLänk i kallelsen.', italic: true }];
    p.paragraphs[0].sections[0].content.push({ type: 'table', header: [], rows: [[{ content: ['rad ett\nrad två'] }]] });
    expect(validateProtocol(p).ok).toBe(true);
  });

  it.each([
    ['a § title', (p: Record<string, any>) => (p.paragraphs[0].title = 'Val av\njusterare'), 'paragraphs[0].title'],
    ['a name', (p: Record<string, any>) => (p.members[0].name = 'Anna\nAndersson'), 'members[0].name'],
    ['the organ', (p: Record<string, any>) => (p.organ = 'Gemensam nämnd för samverkan\r\ninom drift'), 'organ'],
    ['a section title', (p: Record<string, any>) => (p.paragraphs[0].sections[0].title = 'Beslut\n'), 'paragraphs[0].sections[0].title'],
  ])('rejects a line break in %s with a message that says where they are allowed', (_label, change, path) => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    change(p);
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      expect.objectContaining({ path, code: 'line-break', messageSv: expect.stringContaining('går bara i löptext') }),
    ]);
  });
});

describe('formatVersion 1 and 2', () => {
  const v1 = (): ProtocolV1 => ({ ...minimal(), formatVersion: 1 });

  it('convertProtocolV1 gives the same protocol in version 2 and leaves the input unchanged', () => {
    const input = { $schema: '../schema.json', ...v1() };
    const before = structuredClone(input);
    const out = convertProtocolV1(input);
    expect(out).toEqual({ ...before, formatVersion: 2 });
    expect(Object.keys(out).slice(0, 2)).toEqual(['$schema', 'formatVersion']);
    expect(input).toEqual(before);
    expect(convertProtocolV1(v1())).not.toHaveProperty('$schema');
  });

  it('accepts a version 1 file and returns it converted to version 2', () => {
    const r = validateProtocol(v1());
    expect(r).toEqual({ ok: true, protocol: minimal(), warnings: [] });
  });

  it('refuses a version 2 field in a version 1 file, saying it needs formatVersion 2', () => {
    const p = v1() as unknown as Record<string, any>;
    p.numbering = 'decimal';
    p.paragraphs[0].sections[0].content[0].content = [{ text: 'struken', strike: true }];
    p.paragraphs[1].subItems = [{ number: 1, title: 'Under', sections: [] }];
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.path} ${e.code}`).sort()).toEqual([
      'numbering format-version',
      'paragraphs[0].sections[0].content[0].content[0].strike format-version',
      'paragraphs[1].subItems format-version',
    ]);
    expect(r.errors[0].messageSv).toContain('kräver "formatVersion": 2');
  });

  it('accepts every version 2 feature', () => {
    const p: Protocol = {
      ...minimal(),
      numbering: 'decimal',
      absentSubstitutes: [{ name: 'Eva Ersättare', party: '(C)' }],
      attendanceList: true,
      justering: { place: 'Digitalt', date: '2025-03-10', latest: true },
      anslag: {
        text: 'E-nämndens protokoll är justerat.',
        postedDate: '2025-03-11',
        lastAppealDate: '2025-04-01',
        takeDownDate: '2025-04-02',
      },
    };
    p.paragraphs[1]!.subItems = [
      {
        number: 1,
        title: 'Första delen',
        sections: [{ kind: 'ovrigt', content: [{ type: 'paragraph', content: [{ text: '2025-01-10', strike: true }, ' 2025-02-14'] }] }],
      },
      {
        number: 2,
        title: 'Andra delen',
        sections: [
          {
            kind: 'ovrigt',
            content: [
              {
                type: 'table',
                header: [[{ content: [] }, { content: ['Belopp'] }]],
                rows: [[{ content: ['Drift'] }, { content: ['-61'] }]],
                align: ['left', 'right'],
              },
            ],
          },
        ],
      },
    ];
    const r = validateProtocol(p);
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && r.protocol.absentSubstitutes![0]!.party).toBe('C');
  });

  it('checks sub-item numbers, column alignments and given anslag dates', () => {
    const p = clone(minimal()) as unknown as Record<string, any>;
    p.paragraphs[1].subItems = [
      {
        number: 1,
        title: 'A',
        sections: [
          { kind: 'ovrigt', content: [{ type: 'table', header: [], rows: [[{ content: ['x'] }, { content: ['1'] }]], align: ['right'] }] },
        ],
      },
      { number: 1, title: 'B', sections: [] },
    ];
    p.anslag = { postedDate: '2025-03-20', takeDownDate: '2025-03-19' };
    p.paragraphs[1].subItems[1].sections = 'fel';
    const r = validateProtocol(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.path} ${e.code}`).sort()).toEqual([
      'anslag.takeDownDate anslag-dates-order',
      'paragraphs[1].subItems[0].sections[0].content[0].align table-column-align',
      'paragraphs[1].subItems[1].number duplicate-subitem-number',
      'paragraphs[1].subItems[1].sections type',
    ]);
    expect(r.errors.find((e) => e.code === 'duplicate-subitem-number')!.messageSv).toBe(
      'underpunkt 2.1 förekommer två gånger (även subItems[0])',
    );
    expect(r.errors.find((e) => e.path.endsWith('subItems[1].sections'))!.messageSv).toContain('[{ "kind": "beslut"');
  });
});

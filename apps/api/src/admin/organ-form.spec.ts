import type { FieldIssue } from './admin-audit';
import { OrganForm, newOrgan, organFormOf, readOrganForm, slugTakenIssue, storagePlaceIssue } from './organ-form';

const form = (over: Partial<OrganForm> = {}): OrganForm => ({
  name: 'Kommunstyrelsen',
  storagePlace: '',
  signatories: {},
  substitutes: '',
  members: '',
  ...over,
});

describe(newOrgan.name, () => {
  const make = (input: { name: string; slug: string; storagePlace?: string }) => {
    const issues: FieldIssue[] = [];
    return { ...newOrgan({ storagePlace: '', ...input }, issues), issues };
  };

  it('an empty kortnamn is made from the name', () => {
    expect(make({ name: ' Bygg- och miljönämnden ', slug: '' })).toEqual({
      name: 'Bygg- och miljönämnden',
      slug: 'bygg-och-miljonamnden',
      storagePlace: '',
      slugToCheck: 'bygg-och-miljonamnden',
      issues: [],
    });
  });

  it('a typed kortnamn is kept (lower case) and checked for uniqueness', () => {
    expect(make({ name: 'KS', slug: 'KS-1' })).toMatchObject({ slug: 'ks-1', slugToCheck: 'ks-1', issues: [] });
  });

  it('a malformed kortnamn is named and not looked up', () => {
    const r = make({ name: 'KS', slug: 'ks_1' });
    expect(r.slugToCheck).toBeNull();
    expect(r.issues.map((i) => i.path)).toEqual(['slug']);
  });

  it('with nothing typed only the name is asked for', () => {
    expect(make({ name: '', slug: '' }).issues).toEqual([{ path: 'name', message: 'Skriv organets namn, till exempel Kommunstyrelsen.' }]);
  });

  it('the taken kortnamn says whether it was typed or made from the name', () => {
    expect(slugTakenIssue('ks', 'ks').message).toBe('Det finns redan ett organ med det kortnamnet.');
    expect(slugTakenIssue(' ', 'kommunstyrelsen').message).toContain('kortnamnet kommunstyrelsen, som görs av namnet');
  });

  it('a förvaringsplats of at most 200 characters', () => {
    expect(storagePlaceIssue('x'.repeat(200))).toBeNull();
    expect(storagePlaceIssue('x'.repeat(201))?.path).toBe('storagePlace');
  });
});

describe(readOrganForm.name, () => {
  it('reads the signatories, ersättare and members', () => {
    const r = readOrganForm(
      form({
        storagePlace: ' Kommunarkivet ',
        signatories: { sek: { name: 'Sara Sekreterare', email: 'sara@k.se' }, jus1: { name: 'Jon Justerare', email: 'jon@k.se' } },
        substitutes: 'Eva Ersättare, eva@k.se\n\nOlle Ersättare',
        members: 'Anna Ledamot, S, Kommunen\nBo Ledamot',
      }),
    );
    expect(r.issues).toEqual([]);
    expect(r.storagePlace).toBe('Kommunarkivet');
    expect(r.defaults).toEqual({
      signatories: [
        { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@k.se' },
        { role: 'justerare', name: 'Jon Justerare', email: 'jon@k.se' },
      ],
      substitutes: [{ name: 'Eva Ersättare', email: 'eva@k.se' }, { name: 'Olle Ersättare' }],
      members: [{ name: 'Anna Ledamot', party: 'S', municipality: 'Kommunen' }, { name: 'Bo Ledamot' }],
    });
  });

  it('names each problem with its field and line', () => {
    const r = readOrganForm(
      form({
        name: '',
        signatories: { sek: { name: 'Sara', email: 'sara@k.se' }, ord: { name: 'Olof', email: 'SARA@k.se' } },
        substitutes: 'Eva, eva@k.se, extra',
        members: ', S',
      }),
    );
    expect(r.issues).toEqual([
      { path: 'name', message: 'Skriv organets namn.' },
      { path: 'ord_email', message: 'Ordförande: samma e-postadress som sekreterare.' },
      { path: 'substitutes', message: 'Ersättare, rad 1: skriv namn och e-postadress åtskilda av ett kommatecken.' },
      { path: 'members', message: 'Ledamöter, rad 1: namnet saknas.' },
    ]);
  });

  it('a signatory slot may be left empty, but a half-filled one is named', () => {
    const r = readOrganForm(form({ signatories: { ord: { name: 'Olof', email: '' } } }));
    expect(r.issues.map((i) => i.path)).toEqual(['ord_email']);
  });

  it('at most ten ersättare', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `Person ${i}`).join('\n');
    expect(readOrganForm(form({ substitutes: eleven })).issues).toEqual([{ path: 'substitutes', message: 'Högst tio ersättare.' }]);
  });
});

describe(organFormOf.name, () => {
  it('is the form readOrganForm reads back to the same defaults', () => {
    const defaults = {
      signatories: [
        { role: 'sekreterare' as const, name: 'Sara', email: 'sara@k.se' },
        { role: 'justerare' as const, name: 'Jon', email: 'jon@k.se' },
        { role: 'justerare' as const, name: 'Jan', email: 'jan@k.se' },
      ],
      substitutes: [{ name: 'Eva', email: 'eva@k.se' }, { name: 'Olle' }],
      members: [
        { name: 'Anna', party: 'S' },
        { name: 'Bo', municipality: 'Kommunen' },
      ],
    };
    const f = organFormOf({ name: 'KS', storagePlace: null }, defaults);
    expect(f.signatories).toEqual({
      sek: { name: 'Sara', email: 'sara@k.se' },
      jus1: { name: 'Jon', email: 'jon@k.se' },
      jus2: { name: 'Jan', email: 'jan@k.se' },
    });
    expect(f.members).toBe('Anna, S\nBo, , Kommunen');
    expect(readOrganForm(f)).toEqual({ name: 'KS', storagePlace: '', defaults, issues: [] });
  });
});

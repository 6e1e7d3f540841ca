import { emailIssue, signatoryFieldIssues, substituteFieldIssues } from './signatory-fields';

describe(signatoryFieldIssues.name, () => {
  const ok = [
    { role: 'sekreterare', name: 'Sara', email: 'sara@kommun.se' },
    { role: 'ordforande', name: 'Olle', email: 'olle@kommun.se' },
    { role: 'justerare', name: 'Jenny', email: 'jenny@kommun.se' },
  ];

  it('accepts a complete list', () => {
    expect(signatoryFieldIssues(ok, { complete: true })).toEqual([]);
  });

  it('names the field of each problem', () => {
    const bad = [
      { role: 'sekreterare', name: ' ', email: 'nope' },
      { role: 'boss', name: 'X', email: 'x@k.se' },
      { role: 'justerare', name: 'J', email: 'X@k.se' },
    ];
    expect(signatoryFieldIssues(bad)).toEqual([
      { path: 'signatories.0.name', message: 'Ange ett namn.' },
      { path: 'signatories.0.email', message: expect.stringContaining('giltig e-postadress') },
      { path: 'signatories.1.role', message: expect.stringContaining('Välj roll') },
      { path: 'signatories.2.email', message: 'Två undertecknare kan inte ha samma e-postadress.' },
    ]);
  });

  it('an e-mail is optional until the list must be complete', () => {
    const noMail = [{ role: 'sekreterare', name: 'Sara' }];
    expect(signatoryFieldIssues(noMail)).toEqual([]);
    expect(signatoryFieldIssues(noMail, { complete: true }).map((i) => i.path)).toEqual([
      'signatories.0.email',
      'signatories',
      'signatories',
    ]);
  });

  it('refuses what is not a list, and more than four', () => {
    expect(signatoryFieldIssues('x')).toHaveLength(1);
    expect(signatoryFieldIssues([...ok, ok[2], ok[2]])).toEqual([{ path: 'signatories', message: expect.stringContaining('Högst fyra') }]);
  });
});

describe(substituteFieldIssues.name, () => {
  it('checks names and optional e-mails', () => {
    expect(substituteFieldIssues([{ name: 'Erik' }, { name: '', email: 'bad' }])).toEqual([
      { path: 'substitutes.1.name', message: 'Ange ett namn.' },
      { path: 'substitutes.1.email', message: expect.stringContaining('giltig') },
    ]);
  });
});

describe(emailIssue.name, () => {
  it.each([
    ['a@b.se', false, null],
    ['', false, null],
    ['', true, 'Ange en e-postadress.'],
    ['a b@c.se', false, expect.any(String)],
    ['a@b', false, expect.any(String)],
  ])('%j (required %s)', (email, required, expected) => {
    expect(emailIssue(email, required)).toEqual(expected);
  });
});

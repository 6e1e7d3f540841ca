import { replaceSections } from './run';

describe(replaceSections.name, () => {
  const doc = [
    '# Benchmarks',
    '',
    '- Date: x',
    '',
    '## A',
    '',
    'old a',
    '',
    '## B (kept, with a hand-written note)',
    '',
    'b',
    '',
    'note',
    '',
    '<!-- load:begin -->',
    '## Under load (`npm run load`)',
    '',
    'load figures',
    '<!-- load:end -->',
    '',
  ].join('\n');

  it('replaces only the sections that ran and keeps the others and the load block', () => {
    const out = replaceSections(doc, [{ title: 'A', markdown: 'new a', goalMet: true }]);
    expect(out).toContain('## A\n\nnew a\n\n## B (kept, with a hand-written note)\n\nb\n\nnote\n');
    expect(out).not.toContain('old a');
    expect(out).toMatch(/<!-- load:begin -->\n## Under load \(`npm run load`\)\n\nload figures\n<!-- load:end -->\n$/);
  });

  it('appends a new section before the load block', () => {
    const out = replaceSections(doc, [{ title: 'C', markdown: 'c', goalMet: true }]);
    expect(out.indexOf('## C\n\nc\n')).toBeGreaterThan(out.indexOf('note'));
    expect(out.indexOf('## C')).toBeLessThan(out.indexOf('<!-- load:begin -->'));
  });
});

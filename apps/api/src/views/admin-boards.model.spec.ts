import type { Board } from '@justera/anslag';
import { renderAdminBoardsPage } from './admin-boards.view';
import { boardRow } from './admin-boards.model';

const defaults: Board = {
  id: 'b1',
  organisationId: 'org',
  organId: 'o1',
  name: 'Anslagstavlan',
  kind: 'justera',
  url: null,
  postingMode: 'immediate',
  postingHour: null,
  takeDownPolicy: 'dayAfterLastAppealDay',
  publishPdf: true,
  contact: null,
  active: true,
  createdAt: new Date('2026-12-01T00:00:00Z'),
};

describe(boardRow.name, () => {
  it('marks every organ on the standard settings alike, with a board row made at its first notice or none yet (trial trip-up)', () => {
    const withRow = boardRow({ id: 'o1', name: 'Kommunstyrelsen' }, [defaults]);
    const without = boardRow({ id: 'o2', name: 'Bygg- och miljönämnden' }, []);
    expect(withRow.standard).toBe(true);
    expect(without.standard).toBe(true);
    const html = renderAdminBoardsPage({
      user: { name: 'Anna Admin', csrf: 'tok', admin: true },
      addressBase: 'http://localhost/anslagstavla/',
      slug: 'demo',
      slugChangeable: true,
      organs: [withRow, without],
    });
    expect(html.match(/\(standardinställningar\)/g)).toHaveLength(2);
  });

  it('does not mark an organ whose board was changed', () => {
    const changed: Partial<Board>[] = [
      { postingMode: 'nextWorkingDayAt', postingHour: 9 },
      { takeDownPolicy: 'lastAppealDay' },
      { publishPdf: false },
      { contact: 'Kansliet, 0123-456 78' },
    ];
    for (const c of changed) expect(boardRow({ id: 'o1', name: 'KS' }, [{ ...defaults, ...c }]).standard).toBe(false);
    // Another municipality's board (gemensam nämnd) is not the organ's own settings.
    expect(boardRow({ id: 'o1', name: 'KS' }, [{ ...defaults, kind: 'external', name: 'Grannkommunen' }]).standard).toBe(true);
  });
});

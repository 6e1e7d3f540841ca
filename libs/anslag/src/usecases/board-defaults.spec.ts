import { board } from '../testing/fixtures';
import { BOARD_DEFAULTS, isStandardBoard } from './board-defaults';

describe(isStandardBoard.name, () => {
  it('counts an organ without a board, and a board on the defaults (a blank contact too), as standard', () => {
    expect(isStandardBoard(null)).toBe(true);
    expect(isStandardBoard(board('justera', 'Anslagstavlan', { ...BOARD_DEFAULTS }))).toBe(true);
    expect(isStandardBoard(board('justera', 'Anslagstavlan', { contact: '  ' }))).toBe(true);
  });

  it.each([
    ['a posting hour', { postingMode: 'nextWorkingDayAt', postingHour: 9 }],
    ['another take-down policy', { takeDownPolicy: 'lastAppealDay' }],
    ['an unpublished PDF', { publishPdf: false }],
    ['a contact', { contact: 'Kansliet, 0123-456 78' }],
  ] as const)('does not count a board with %s', (_, over) => {
    expect(isStandardBoard(board('justera', 'Anslagstavlan', over))).toBe(false);
  });
});

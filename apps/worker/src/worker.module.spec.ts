import { JOB_NAMES, missingHandlers } from '@justera/queue';
import { HANDLER_CLASSES } from './worker.module';

describe('worker handlers', () => {
  it('cover every job of the catalogue exactly once', () => {
    expect(missingHandlers(HANDLER_CLASSES)).toEqual([]);
    expect(HANDLER_CLASSES.map((h) => h.jobName).sort()).toEqual([...JOB_NAMES].sort());
  });
});

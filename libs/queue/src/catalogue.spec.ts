import { JOBS, JOB_NAMES, QUEUES, isJobName, missingHandlers } from './catalogue';

describe('job catalogue', () => {
  it('puts every job on a known queue, named after it', () => {
    for (const name of JOB_NAMES) {
      expect(QUEUES).toContain(JOBS[name].queue);
      expect(name.startsWith(`${JOBS[name].queue}.`)).toBe(true);
      expect(JOBS[name].attempts).toBeGreaterThan(0);
    }
  });

  it('names the jobs that have no handler', () => {
    expect(missingHandlers([{ jobName: 'mail.send' }])).toEqual(JOB_NAMES.filter((n) => n !== 'mail.send'));
    expect(missingHandlers(JOB_NAMES.map((jobName) => ({ jobName })))).toEqual([]);
  });

  it('knows its own names only', () => {
    expect(isJobName('mail.send')).toBe(true);
    expect(isJobName('toString')).toBe(false);
    expect(isJobName('mail.unknown')).toBe(false);
  });
});

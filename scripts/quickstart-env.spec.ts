const { quickstartEnv } = require('./quickstart-env.js') as {
  quickstartEnv: (env: Record<string, string | undefined>, args: string[]) => Record<string, string | undefined>;
};

describe('quickstartEnv', () => {
  it('names the installation "Demo kommun" when the quick start seeds the demo', () => {
    expect(quickstartEnv({ PORT: '3000' }, [])).toEqual({ PORT: '3000', JUSTERA_ORGANISATION: 'Demo kommun' });
    expect(quickstartEnv({ JUSTERA_ORGANISATION: '  ' }, ['--logs']).JUSTERA_ORGANISATION).toBe('Demo kommun');
  });

  it('keeps a name the person set, and names nothing without the demo', () => {
    expect(quickstartEnv({ JUSTERA_ORGANISATION: 'Exempelby kommun' }, []).JUSTERA_ORGANISATION).toBe('Exempelby kommun');
    expect(quickstartEnv({}, ['--no-seed']).JUSTERA_ORGANISATION).toBeUndefined();
  });

  it('does not change the environment it was given', () => {
    const env = {};
    quickstartEnv(env, []);
    expect(env).toEqual({});
  });
});

/**
 * The environment `npm run quickstart` gives the processes it starts (and the CLI steps before them),
 * apart from what the person set: one place, so that the e2e tests that prepare a checkout "as the quick
 * start does" use the same defaults as the script.
 *
 * - JUSTERA_ORGANISATION: the installation's development CA, its time-stamping unit and the /validera
 *   seal are named by it when they are first made. The quick start seeds "Demo kommun", so they say that
 *   too, not the generic default (a trial found "Utvecklingskommunen" beside "Demo kommun"). Without the
 *   demo (--no-seed) nothing is named for it, and a name the person set is kept.
 */
function quickstartEnv(env, args) {
  const out = { ...env };
  if (!args.includes('--no-seed') && !(out.JUSTERA_ORGANISATION || '').trim()) out.JUSTERA_ORGANISATION = 'Demo kommun';
  return out;
}

module.exports = { quickstartEnv };

/**
 * The quick start's console stays readable: the api's and the worker's JSON log lines (pino) go to
 * files under <dataDir>/logs/, and the console shows only what a person running it must see —
 * warnings and errors, in one short Swedish line each, and anything that is not a log line (a crash's
 * stack trace). `npm run quickstart -- --logs` shows everything as before.
 */
const { createWriteStream, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const LEVEL_SV = { 40: 'VARNING', 50: 'FEL', 60: 'ALLVARLIGT FEL' };

/** What the console shows for one line of a process's output, or null for the log file only. */
function consoleLine(name, line) {
  if (!line.trim()) return null;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${name}: ${line}`; // not a log line: a crash, a warning from Node itself
  }
  if (!entry || typeof entry !== 'object' || typeof entry.level !== 'number') return `${name}: ${line}`;
  if (entry.level < 40) return null;
  const label = LEVEL_SV[entry.level] || LEVEL_SV[60];
  const err = entry.err && typeof entry.err.message === 'string' ? ` (${entry.err.message})` : '';
  return `${name}: ${label}: ${String(entry.msg ?? '')}${err}`;
}

/**
 * Pipes a child's stdout and stderr line by line into <logDir>/<name>.log and, filtered by
 * consoleLine, to `out`. With `all`, every line goes to `out` as well.
 */
function routeLogs(child, name, logDir, out, all = false) {
  mkdirSync(logDir, { recursive: true });
  const file = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        file.write(`${line}\n`);
        const shown = all ? line : consoleLine(name, line);
        if (shown !== null && shown !== '') out.write(`${shown}\n`);
      }
    });
    stream.on('end', () => {
      if (rest) {
        file.write(`${rest}\n`);
        const shown = all ? rest : consoleLine(name, rest);
        if (shown) out.write(`${shown}\n`);
      }
    });
  }
  return join(logDir, `${name}.log`);
}

/** The banner's addresses, one a line, each address in the same column; the outbox only when it is on. */
function urlLines(base, withOutbox) {
  const rows = [
    ['Start och inloggning', '/login'],
    ['Skriv eller ladda upp', '/arbetsyta'],
    ['Anslagstavlor', '/anslagstavla'],
    ['Kontrollera en PDF', '/validera'],
    ...(withOutbox ? [['E-post (utvecklingslåda)', '/dev/outbox']] : []),
    ['API-dokumentation', '/api/docs'],
    ['Hälsa', '/health'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, path]) => `    ${`${label}:`.padEnd(width)}${base}${path}\n`).join('');
}

module.exports = { consoleLine, routeLogs, urlLines };

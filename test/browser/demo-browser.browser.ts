/**
 * `npm run demo -- --browser` (issue 15) against a running instance, as an operator runs it after the
 * quick start: the development outbox (no SMTP), the instance's PORT/PUBLIC_URL. Headless here (no
 * display). It logs in as the demo secretary, writes the protocol in the editor and starts; the
 * sekreterare signs, the ordförande asks for a change through the outbox links, the secretary corrects
 * it in the editor and freezes version 2, all sign; it follows the protocol until justerat and opens the
 * public notice; every step's screenshot exists at the printed path, and the justerat PDF it writes has
 * the SHA-256 it prints — with the two signed revisions of version 2 and the three signatures.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/processes';
import { System, startSystem } from '../support/system';

jest.setTimeout(240_000);

describe('npm run demo -- --browser', () => {
  let sys: System;

  beforeAll(async () => {
    sys = await startSystem({}, { smtp: false });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('walks through the pages headless, saving a screenshot of every step and the justerat PDF', async () => {
    const out = mkdtempSync(join(tmpdir(), 'justera-demo-browser-'));
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...sys.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.js'), '--browser', '--out', out], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

    expect(stdout).toContain('utan fönster (headless)');
    // The console says the roles in Swedish: "(ordförande)", never the ASCII key "(ordforande)".
    expect(stdout).toMatch(/ \(ordförande\) (öppnar länken|begär en ändring)/);
    expect(stdout).not.toContain('(ordforande)');
    const shots = [...stdout.matchAll(/^\s+(\/\S+\.png)$/gm)].map((m) => m[1]);
    expect(shots.map((s) => s.split('/').pop())).toEqual([
      '01-startsidan.png',
      '02-skriv.png',
      '03-startad.png',
      '04-signera-sekreterare-v1.png',
      '05-andring-ordforande.png',
      '06-ratta.png',
      '07-version-2.png',
      '08-signera-sekreterare-v2.png',
      '09-signera-ordforande-v2.png',
      '10-signera-justerare-v2.png',
      '11-justerat.png',
      '12-anslaget.png',
    ]);
    for (const s of shots) {
      expect(s.startsWith(join(out, 'skärmbilder'))).toBe(true);
      expect(existsSync(s)).toBe(true);
    }
    const pdf = readFileSync(join(out, 'justerat-protokoll.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const printed = stdout.match(/justerat-protokoll\.pdf \(SHA-256 ([0-9a-f]{64})\)/)?.[1];
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(printed);
    // Version 2 was signed: the mails of the round asked for the change and said what changed.
    const mails = (await (await fetch(`${sys.base}/dev/outbox/messages.json`)).json()) as { subject: string; text?: string }[];
    expect(mails.some((m) => /ny version/i.test(m.subject))).toBe(true);
    expect(stdout).toContain(`Anslaget på anslagstavlan: ${sys.base}/anslagstavla/demo-kommun/anslag/`);
  });
});

import type { LinkContext, LinkVerdict } from '@justera/justering';
import { identityFailurePage, linkPage } from './signing-view-model';

const TOKEN = 'T'.repeat(43);
const sara = { id: 's1', role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@kommun.example', state: 'signed', signedAt: null };
const jana = { id: 's3', role: 'justerare', name: 'Jana Justerare', email: 'jana@kommun.example', state: 'opened', signedAt: null };
/** An open link of Jana Justerare's to an uploaded protocol (no protocol text to render). */
const ctx = {
  link: { id: 'l1', expiresAt: new Date('2026-12-09T23:00:00Z') },
  round: { id: 'r1', identityLevel: 'e-legitimation', paragraphs: null, deadline: '2026-12-09', status: 'active' },
  version: { id: 'v1', number: 1, sha256: 'a'.repeat(64), size: 1000 },
  signatory: jana,
  signatories: [sara, jana],
  protocol: { id: 'p1', title: 'Protokoll', meetingDate: '2026-11-25', source: 'uploaded', data: { organ: 'Kommunstyrelsen' } },
} as unknown as LinkContext;
const open: LinkVerdict = { kind: 'open', ctx };
const identity = { provider: 'Testlegitimation', iss: 'https://idp.test', sub: 'x', name: 'Jana Justerare', authTime: null, acr: null };

describe('signing view model', () => {
  it("a verdict's page has the verdict's status; a form's error on an open link is 400", () => {
    expect(linkPage(TOKEN, { kind: 'invalid' }).status).toBe(404);
    expect(linkPage(TOKEN, { kind: 'expired', ctx }).status).toBe(410);
    expect(linkPage(TOKEN, { kind: 'change_requested', ctx }).status).toBe(409);
    expect(linkPage(TOKEN, { kind: 'change_requested', ctx }, { status: 200 }).status).toBe(200);
    expect(linkPage(TOKEN, open).status).toBe(200);
    const withError = linkPage(TOKEN, open, { error: 'Skriv vad som behöver ändras.' });
    expect(withError.status).toBe(400);
    expect(withError.html).toContain('Skriv vad som behöver ändras.');
  });

  it('an open link that requires e-legitimation offers the step, then names who was verified', () => {
    const before = linkPage(TOKEN, open, { identity: { required: true, provider: 'Testlegitimation', verified: null } }).html;
    expect(before).toContain(`/sign/${TOKEN}/identitet`);
    expect(before).not.toContain('Identifierad med e-legitimation');
    const after = linkPage(TOKEN, open, { identity: { required: true, provider: 'Testlegitimation', verified: identity } }).html;
    expect(after).toContain('Identifierad med e-legitimation (Testlegitimation) som Jana Justerare.');
    expect(linkPage(TOKEN, open, { identity: { required: false, verified: null } }).html).not.toContain('/identitet');
  });

  it("an identification's failure: its status, title and Swedish sentence, whom to ask, a way back", () => {
    const mismatch = identityFailurePage({
      code: 'name_mismatch',
      token: TOKEN,
      verdict: open,
      names: { verified: 'Kerstin Falk', expected: 'Jana Justerare' },
    });
    expect(mismatch.status).toBe(403);
    expect(mismatch.html).toContain('Namnet stämmer inte');
    expect(mismatch.html).toContain('Kerstin Falk');
    expect(mismatch.html).toContain('sara@kommun.example');
    const throttled = identityFailurePage({ code: 'throttled', token: TOKEN, verdict: open });
    expect([throttled.status, throttled.html.includes('För många försök'), throttled.html.includes('Vänta en kvart')]).toEqual([
      429,
      true,
      true,
    ]);
    expect(throttled.html).toContain(`/sign/${TOKEN}`);
    const down = identityFailurePage({ code: 'provider_unavailable', token: TOKEN });
    expect(down.status).toBe(503);
    expect(down.html).toContain('svarar inte');
    expect(identityFailurePage({ code: 'state_mismatch', token: null }).status).toBe(400);
    const other = identityFailurePage({ code: 'nonce_mismatch', token: TOKEN });
    expect(other.status).toBe(502);
    expect(other.html).toContain('Identifieringen misslyckades');
  });
});

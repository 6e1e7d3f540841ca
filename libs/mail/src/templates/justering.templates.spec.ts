import {
  allSignedNotice,
  changeRequestNotice,
  deadlineWarning,
  signingDelayed,
  documentReplaced,
  roleLabelSv,
  roundCancelled,
  signedNotice,
  signingInvitation,
  signingReminder,
} from './justering.templates';
import { RenderedMail } from './layout';

const EVIL = '<script>alert("x")</script> & <b>';
const LINK = 'https://justera.kommun.se/s/AbC_123?t=1&u=2';
const protocol = { organ: 'Kommunstyrelsen', meetingDate: '2025-12-10', paragraphs: '§§ 17–18', documentSha256: 'a'.repeat(64) };
const evilProtocol = { organ: `Nämnd ${EVIL}`, meetingDate: '2025-12-10' };

function assertWellFormed(m: RenderedMail): void {
  expect(m.subject).not.toMatch(/[\r\n]/);
  expect(m.html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(m.html).toContain('<html lang="sv">');
  expect(m.html).toContain('name="viewport"');
  expect(m.html).toContain('lang="en"'); // English one-line summary
  expect(m.text).toContain('In English: ');
  expect(m.html).not.toMatch(/<script/i);
  expect(m.html).not.toMatch(/<style/i); // inline styles only
}

function assertEscaped(m: RenderedMail): void {
  assertWellFormed(m);
  expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;');
  expect(m.html).not.toContain('<b>');
  // The plain-text part carries the value as written (no HTML there).
  expect(m.text).toContain(EVIL);
}

function assertLink(m: RenderedMail, link = LINK): void {
  expect(m.text.split('\n')).toContain(link); // the link on a line of its own
  expect(m.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
}

const secretary = { name: 'Sara Sekreterare', role: 'sekreterare' as const };
const chair = { name: 'Olle Ordförande', role: 'ordforande' as const };
const adjuster = { name: 'Jenny Justerare', role: 'justerare' as const };

describe(signingInvitation.name, () => {
  it('shows the planned justering the protocol gives (its place and time), escaped, only when given', () => {
    const args = { recipientName: 'Olle', role: 'ordforande' as const, deadline: '2025-12-29', link: LINK, secretaryName: 'Sara' };
    const m = signingInvitation({ ...args, protocol: { ...protocol, justering: `tisdag 16 december 2025 kl. 10:00, ${EVIL}` } });
    assertEscaped(m);
    expect(m.text).toMatch(/Justeringens plats och tid:?\s+tisdag 16 december 2025 kl\. 10:00, /);
    expect(m.html).toContain('Justeringens plats och tid');
    const without = signingInvitation({ ...args, protocol });
    expect(without.text).not.toContain('Justeringens plats och tid');
  });

  it('names organ, meeting date, role in Swedish, deadline and link', () => {
    const m = signingInvitation({
      recipientName: 'Olle',
      role: 'ordforande',
      protocol,
      deadline: '2025-12-29',
      link: LINK,
      secretaryName: 'Sara',
    });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toBe('Protokoll att justera: Kommunstyrelsen 2025-12-10 §§ 17–18');
    for (const part of [m.text, m.html]) {
      expect(part).toContain('Hej Olle!');
      expect(part).toContain('Kommunstyrelsen');
      expect(part).toContain('onsdag 10 december 2025');
      expect(part).toContain('ordförande');
      expect(part).toContain('måndag 29 december 2025');
      expect(part).toContain('a'.repeat(64));
      expect(part).toContain('personlig');
    }
    expect(m.text).toContain('as chair by 2025-12-29');
  });

  it('escapes every interpolated value in the HTML part', () => {
    const m = signingInvitation({
      recipientName: EVIL,
      role: 'justerare',
      protocol: evilProtocol,
      deadline: '2025-12-29',
      link: LINK,
      secretaryName: EVIL,
    });
    assertEscaped(m);
    expect(m.subject).toContain(EVIL); // a subject is text, not HTML; line breaks are what matter there
  });

  it('refuses links that are not absolute http(s)', () => {
    const base = { recipientName: 'A', role: 'justerare' as const, protocol, deadline: '2025-12-29' };
    expect(() => signingInvitation({ ...base, link: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(() => signingInvitation({ ...base, link: '/s/abc' })).toThrow(TypeError);
    expect(() => signingInvitation({ ...base, link: 'https://x.se/"onmouseover="x' })).not.toThrow(); // URL-encodes, then escaped
    const m = signingInvitation({ ...base, link: 'https://x.se/a"b' });
    expect(m.html).not.toContain('a"b');
  });

  it('rejects an unknown role and a bad date', () => {
    expect(() => roleLabelSv('kassör' as never)).toThrow(TypeError);
    expect(() => signingInvitation({ recipientName: 'A', role: 'justerare', protocol, deadline: '2025-02-30', link: LINK })).toThrow(
      TypeError,
    );
  });

  it('keeps a line break in a name out of the subject', () => {
    const m = signingInvitation({
      recipientName: 'A',
      role: 'justerare',
      protocol: { ...protocol, organ: 'KS\r\nBcc: x@y.se' },
      deadline: '2025-12-29',
      link: LINK,
    });
    expect(m.subject).toBe('Protokoll att justera: KS Bcc: x@y.se 2025-12-10 §§ 17–18');
  });
});

describe(signingReminder.name, () => {
  it('reminds with deadline and link', () => {
    const m = signingReminder({
      recipientName: 'Jenny',
      role: 'justerare',
      protocol,
      deadline: '2025-12-29',
      link: LINK,
      invitedOn: '2025-12-11',
    });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toMatch(/^Påminnelse: /);
    expect(m.text).toContain('torsdag 11 december 2025');
    expect(m.text).toContain('justerare');
    assertEscaped(signingReminder({ recipientName: EVIL, role: 'justerare', protocol: evilProtocol, deadline: '2025-12-29', link: LINK }));
  });
});

describe(changeRequestNotice.name, () => {
  it('gives the secretary the signer, the comment (multi-line) and the link', () => {
    const comment = 'I § 18 står det fel belopp.\nSka vara 120 000 kr.';
    const m = changeRequestNotice({ secretaryName: 'Sara', signer: chair, protocol, comment, link: LINK });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toBe('Ändring begärd: Kommunstyrelsen 2025-12-10 §§ 17–18');
    expect(m.text).toContain('Olle Ordförande (ordförande)');
    expect(m.text).toContain('> I § 18 står det fel belopp.\n> Ska vara 120 000 kr.');
    expect(m.html).toContain('I § 18 står det fel belopp.\nSka vara 120 000 kr.');
    expect(m.html).toContain('white-space:pre-wrap');
    assertEscaped(
      changeRequestNotice({
        secretaryName: 'S',
        signer: { name: EVIL, role: 'justerare' },
        protocol: evilProtocol,
        comment: EVIL,
        link: LINK,
      }),
    );
  });
});

describe(signedNotice.name, () => {
  it('says who signed when (Swedish time) and who remains', () => {
    const m = signedNotice({
      secretaryName: 'Sara',
      signer: chair,
      protocol,
      signedAt: '2024-12-16T17:57:32Z',
      remaining: [adjuster],
      link: LINK,
    });
    assertWellFormed(m);
    assertLink(m);
    expect(m.text).toContain('16 december 2024 kl. 18:57'); // CET = UTC+1
    expect(m.text).toContain('- Jenny Justerare (justerare)');
    expect(m.html).toContain('<li>Jenny Justerare (justerare)</li>');
    const last = signedNotice({
      secretaryName: 'Sara',
      signer: adjuster,
      protocol,
      signedAt: new Date('2025-06-16T10:00:00Z'),
      remaining: [],
      link: LINK,
    });
    expect(last.text).toContain('12:00'); // CEST = UTC+2
    expect(last.text).toContain('Alla har nu signerat.');
    assertEscaped(
      signedNotice({
        secretaryName: 'S',
        signer: { name: EVIL, role: 'justerare' },
        protocol: evilProtocol,
        signedAt: new Date(),
        remaining: [{ name: EVIL, role: 'ordforande' }],
        link: LINK,
      }),
    );
  });
});

describe(allSignedNotice.name, () => {
  const ANSLAG = 'https://justera.example/anslag/protokoll/p1';
  it('announces the justering; with immediate posting it tells no one to post anything', () => {
    const m = allSignedNotice({
      secretaryName: 'Sara',
      protocol,
      signers: [secretary, chair, adjuster],
      posting: {
        postAt: new Date('2025-12-26T09:00:00Z'),
        immediate: true,
        deadline: '2025-12-29',
        externalBoards: [],
        anslagLink: ANSLAG,
      },
      link: LINK,
    });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toBe('Protokollet är justerat: Kommunstyrelsen 2025-12-10 §§ 17–18');
    expect(m.text).toContain('- Sara Sekreterare (sekreterare)');
    expect(m.text).toContain(
      'Justera sätter upp anslaget om justeringen på anslagstavlan automatiskt, nu direkt. Du behöver inte göra något för det.',
    );
    // No instruction the system carries out itself.
    expect(m.text).not.toMatch(/Tillkännage|Sätt upp|senast/);
    expect(m.html).not.toMatch(/Tillkännage|Sätt upp|senast/);
  });

  it("says when a scheduled posting happens, and asks only for the other municipalities' boards", () => {
    const scheduled = allSignedNotice({
      secretaryName: 'Sara',
      protocol,
      signers: [secretary],
      posting: {
        postAt: new Date('2025-12-29T07:00:00Z'),
        immediate: false,
        deadline: '2025-12-29',
        externalBoards: [],
        anslagLink: ANSLAG,
      },
      link: LINK,
    });
    expect(scheduled.text).toContain('automatiskt 29 december 2025 kl. 08:00');
    expect(scheduled.text).not.toMatch(/Tillkännage|Sätt upp|senast/);
    const joint = allSignedNotice({
      secretaryName: 'Sara',
      protocol,
      signers: [secretary],
      posting: {
        postAt: new Date('2025-12-26T09:00:00Z'),
        immediate: true,
        deadline: '2025-12-29',
        externalBoards: ['Ovanåkers kommun', 'Nordanstigs kommun'],
        anslagLink: ANSLAG,
      },
      link: LINK,
    });
    expect(joint.text).toContain(
      'Anslaget ska också sättas upp på Ovanåkers kommun, Nordanstigs kommun. Det gör inte Justera: sätt upp det där senast måndag 29 december 2025 och registrera dagen på https://justera.example/anslag/protokoll/p1',
    );
    assertEscaped(
      allSignedNotice({
        secretaryName: EVIL,
        protocol: evilProtocol,
        signers: [{ name: EVIL, role: 'justerare' }],
        posting: { postAt: new Date(), immediate: false, deadline: '2025-12-29', externalBoards: [EVIL], anslagLink: ANSLAG },
        link: LINK,
      }),
    );
  });
});

describe(deadlineWarning.name, () => {
  it('warns the secretary with the deadline and the missing signers', () => {
    const m = deadlineWarning({ secretaryName: 'Sara', protocol, deadline: '2025-12-29', missing: [adjuster], link: LINK });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toContain('2025-12-29');
    expect(m.text).toContain('måndag 29 december 2025');
    expect(m.text).toContain('- Jenny Justerare (justerare)');
    assertEscaped(
      deadlineWarning({
        secretaryName: EVIL,
        protocol: evilProtocol,
        deadline: '2025-12-29',
        missing: [{ name: EVIL, role: 'justerare' }],
        link: LINK,
      }),
    );
  });
});

describe(signingDelayed.name, () => {
  it('tells the secretary the signatures are delayed, why, and that the service keeps trying', () => {
    const m = signingDelayed({
      secretaryName: 'Sara',
      protocol,
      error: 'tidsstämpeltjänsten svarade inte i tid',
      failures: 10,
      link: LINK,
    });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toMatch(/^Underskrifterna dröjer/);
    expect(m.text).toContain('efter 10 försök');
    expect(m.text).toContain('Orsak: tidsstämpeltjänsten svarade inte i tid.');
    assertEscaped(signingDelayed({ secretaryName: EVIL, protocol: evilProtocol, error: EVIL, failures: 1, link: LINK }));
  });
});

describe(documentReplaced.name, () => {
  it('sends the new link and says the old approval is void', () => {
    const m = documentReplaced({
      recipientName: 'Olle',
      role: 'ordforande',
      protocol,
      deadline: '2025-12-29',
      link: LINK,
      reason: 'Rättat belopp i § 18.',
      hadApproved: true,
    });
    assertWellFormed(m);
    assertLink(m);
    expect(m.subject).toBe('Ny version att justera: Kommunstyrelsen 2025-12-10 §§ 17–18');
    expect(m.text).toContain('Din tidigare länk gäller inte längre');
    expect(m.text).toContain('upphört att gälla');
    expect(m.text).toContain('> Rättat belopp i § 18.');
    assertEscaped(
      documentReplaced({
        recipientName: EVIL,
        role: 'justerare',
        protocol: evilProtocol,
        deadline: '2025-12-29',
        link: LINK,
        reason: EVIL,
      }),
    );
  });

  it('quotes the change request and lists what changed', () => {
    const m = documentReplaced({
      recipientName: 'Olle',
      role: 'ordforande',
      protocol,
      deadline: '2025-12-29',
      link: LINK,
      changeRequest: { name: 'Jenny Justerare', role: 'justerare', comment: 'Beloppet i § 18 är fel.' },
      changes: ['§ 18 Budget: ändrad'],
    });
    assertWellFormed(m);
    expect(m.text).toContain('Jenny Justerare (justerare) begärde ändringen:');
    expect(m.text).toContain('> Beloppet i § 18 är fel.');
    expect(m.text).toContain('§ 18 Budget: ändrad');
    expect(m.html).toContain('§ 18 Budget: ändrad');
    assertEscaped(
      documentReplaced({
        recipientName: EVIL,
        role: 'justerare',
        protocol: evilProtocol,
        deadline: '2025-12-29',
        link: LINK,
        changeRequest: { name: EVIL, role: 'justerare', comment: EVIL },
        changes: [EVIL],
      }),
    );
  });
});

describe(roundCancelled.name, () => {
  const base = {
    recipientName: 'Olle Ordförande',
    role: 'ordforande' as const,
    protocol,
    secretaryName: 'Sara Sekreterare',
    secretaryEmail: 'sara@kommun.se',
    hadApproved: false,
  };

  it('says who cancelled, quotes the reason, voids the link and names how to reach the secretary', () => {
    const m = roundCancelled({ ...base, reason: 'Fel bilaga i § 17.' });
    assertWellFormed(m);
    expect(m.subject).toBe('Justeringen är avbruten: Kommunstyrelsen 2025-12-10 §§ 17–18');
    expect(m.text).toContain('Sara Sekreterare har avbrutit justeringen av protokollet som du skulle justera som ordförande.');
    expect(m.text).toContain('Fel bilaga i § 17.');
    expect(m.text).toContain('Länken du fått fungerar inte längre');
    expect(m.text).toContain('Sara Sekreterare (sara@kommun.se)');
    expect(m.html).not.toContain('href="https://');
  });

  it('tells a signer who had approved that the approval no longer counts, and escapes the reason', () => {
    const m = roundCancelled({ ...base, reason: EVIL, hadApproved: true });
    assertEscaped(m);
    expect(m.text).toContain('Ditt godkännande gäller inte längre');
  });
});

describe('the footer names whom to ask (issue 16)', () => {
  const base = {
    recipientName: 'Olle',
    protocol,
    deadline: '2025-12-24',
    link: LINK,
    secretaryName: 'Anna Berg',
    secretaryEmail: 'anna.berg@mora.se',
  };
  it("a signer's mail names the sekreterare and her address (a mailto link in the HTML), never a bare 'kontakta sekreteraren'", () => {
    for (const m of [
      signingInvitation({ ...base, role: 'ordforande' }),
      signingReminder({ ...base, role: 'justerare' }),
      documentReplaced({ ...base, role: 'justerare' }),
      roundCancelled({ ...base, role: 'justerare', reason: 'Fel protokoll.', hadApproved: false }),
    ]) {
      expect(m.text).toContain('Svara inte på det. Har du frågor, kontakta sekreteraren Anna Berg, anna.berg@mora.se.');
      expect(m.html).toContain('kontakta sekreteraren Anna Berg, <a href="mailto:anna.berg@mora.se"');
      expect(m.text).not.toMatch(/kontakta sekreteraren om/);
    }
  });
  it("the sekreterare's own mails and the notices to her only say not to reply", () => {
    for (const m of [
      signingInvitation({ ...base, role: 'sekreterare' }),
      signedNotice({
        secretaryName: 'Anna Berg',
        signer: { name: 'Olle', role: 'ordforande' },
        protocol,
        signedAt: '2025-12-12T10:00:00Z',
        remaining: [],
        link: LINK,
      }),
    ]) {
      expect(m.text).toContain('Det här mejlet skickades automatiskt av Justera. Svara inte på det.');
      expect(m.text).not.toMatch(/kontakta sekreteraren/i);
    }
  });
  it('escapes the contact in the HTML', () => {
    const m = signingInvitation({ ...base, role: 'justerare', secretaryName: EVIL, secretaryEmail: 'a"b@x.se' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('a"b@x.se"');
  });
});

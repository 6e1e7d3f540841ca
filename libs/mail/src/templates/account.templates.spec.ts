import { accountInvitation } from './account.templates';

describe(accountInvitation.name, () => {
  const data = {
    recipientName: 'Sara Lind',
    organisation: 'Demo kommun',
    roleSv: 'Sekreterare',
    invitedBy: 'Demo Administratör',
    invitedByEmail: 'admin@demo.se',
    link: 'https://justera.example/inbjudan/abc',
    expiresAt: new Date('2026-12-13T10:00:00Z'),
  };

  it('names the inviting administratör as the one to ask, never the sekreterare (issue 16)', () => {
    const m = accountInvitation(data);
    expect(m.text).toContain('Har du frågor, kontakta administratören Demo Administratör, admin@demo.se.');
    expect(m.html).toContain('kontakta administratören Demo Administratör, <a href="mailto:admin@demo.se"');
    expect(m.text).not.toMatch(/sekreteraren/i);
    expect(m.html).not.toMatch(/sekreteraren/i);
  });

  it('names the administratör without an address when none is known', () => {
    const m = accountInvitation({ ...data, invitedByEmail: undefined });
    expect(m.text).toContain('Har du frågor, kontakta administratören Demo Administratör.');
  });
});

import { redactLinks } from './mail-deliveries.repository';

describe(redactLinks.name, () => {
  it('removes the token of every signing link and nothing else', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
    const body = `Öppna https://justera.kommun.se/sign/${token} och <a href="https://justera.kommun.se/sign/${token}">här</a>. Se även https://justera.kommun.se/validera`;
    const out = redactLinks(body);
    expect(out).not.toContain(token);
    expect(out).toContain('https://justera.kommun.se/sign/[borttagen]');
    expect(out).toContain('https://justera.kommun.se/validera');
  });
});

import type { OutboxMail } from '@justera/mail';
import { formatTimestampSv } from '@justera/sv';
import { Layout } from './layout';
import { renderPage } from './render';

/** /dev/outbox: the development mail outbox (never in production). */
export function renderOutboxListPage({ mails }: { mails: OutboxMail[] }): string {
  return renderPage(
    <Layout title="Utvecklingslåda för e-post" page="page-outbox">
      <h1>Utvecklingslåda för e-post</h1>
      <p class="muted">Här hamnar e-post när ingen SMTP-server är konfigurerad (SMTP_URL). Visas aldrig i produktion.</p>
      {/* No script on this page: a new message shows after a reload, so say how (seen in a new user's trial). */}
      <p>
        <a href="/dev/outbox">Uppdatera listan</a> · <a href="/">Till Justera</a>
      </p>
      {mails.length === 0 ? (
        <p>Inga meddelanden.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Meddelanden</caption>
          <thead>
            <tr>
              <th scope="col">Tid</th>
              <th scope="col">Till</th>
              <th scope="col">Ämne</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr>
                <td data-label="Tid">
                  <time datetime={m.createdAt}>{formatTimestampSv(m.createdAt)}</time>
                </td>
                <td data-label="Till" class="email">
                  {m.to.join(', ')}
                </td>
                <td data-label="Ämne">
                  <a href={`/dev/outbox/${m.id}`}>{m.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
}

/** One message of the development outbox: its text part and its links. */
export function renderOutboxMailPage({ mail }: { mail: OutboxMail }): string {
  return renderPage(
    <Layout title={mail.subject} page="page-outbox">
      <p>
        <a href="/dev/outbox">← Alla meddelanden</a> · <a href="/">Till Justera</a>
      </p>
      <h1>{mail.subject}</h1>
      <p>
        Från: {mail.from}
        <br />
        Till: {mail.to.join(', ')}
        <br />
        Tid: <time datetime={mail.createdAt}>{formatTimestampSv(mail.createdAt)}</time>
      </p>
      <h2>Text</h2>
      <pre class="mail-text">{mail.text}</pre>
      <h2>Länkar</h2>
      <ul>
        {mail.links.map((l) => (
          <li>
            <a href={l}>{l}</a>
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

import { formatDateSv, formatDateTimeSv, roleSv } from '@justera/sv';
import { Layout } from './layout';
import { renderPage, Trusted, TrustedHtml } from './render';

type Instant = Date | string;

export interface SigningSigner {
  id: string;
  name: string;
  role: string;
  /** Set when this signer has signed the current version. */
  signedAt: Instant | null;
}

/** What the signer sees about the protocol and the version behind the link. */
export interface SigningDocument {
  /** The link's token, for the form and the PDF links (URL-encoded by the view). */
  token: string;
  organ: string;
  meetingDate: string;
  /** Omedelbar justering of single paragraphs, or null for the whole protocol. */
  paragraphs: number[] | null;
  /** The signer's own role and id. */
  role: string;
  signatoryId: string;
  deadline: string;
  /** The planned justering as the protocol gives it, in Swedish; null when it gives none. */
  plannedJustering: string | null;
  version: { number: number; sha256: string; size: number };
  signers: SigningSigner[];
  /** The protocol as text (structured protocols only), rendered by libs/protocol. */
  protocolHtml: Trusted | null;
}

/**
 * Who to turn to about a justering: the round's sekreterare (every round has exactly one), by name
 * and e-mail. Null on the sekreterare's own pages (they are the contact).
 */
export interface SecretaryContact {
  name: string;
  email: string;
}

export type SigningViewModel =
  | { kind: 'invalid' }
  | { kind: 'expired'; linkExpiresAt: Instant; deadline: string; contact: SecretaryContact | null }
  | { kind: 'cancelled'; contact: SecretaryContact | null }
  | {
      kind: 'superseded';
      reason: 'replaced' | 'link' | 'signatory_replaced';
      /** What to do now (JusteringService SupersededNext): a newer link was mailed, comes later, or nothing is left to do. */
      next: 'mailed' | 'later' | 'signed' | 'done';
      /** With `later`: whose turn it is now. */
      waitingFor: { name: string; role: string }[];
      contact: SecretaryContact | null;
    }
  | { kind: 'signed'; doc: SigningDocument; signedAt: Instant | null; transactionId: string | null; inPdf: boolean; notice?: string }
  | { kind: 'change_requested'; doc: SigningDocument; notice?: string; contact: SecretaryContact | null }
  | { kind: 'waiting'; doc: SigningDocument; waitingFor: { name: string; role: string }[]; contact: SecretaryContact | null }
  | { kind: 'open'; doc: SigningDocument; error?: string; contact: SecretaryContact | null; identity?: SigningIdentity }
  | {
      kind: 'identity_failed';
      title: string;
      message: string;
      retryToken: string | null;
      names?: { verified: string; expected: string };
      contact: SecretaryContact | null;
    };

/**
 * The e-legitimation step of a round that requires it (docs/identity.md): until the undertecknare has
 * identified, the page offers only "Identifiera dig med e-legitimation"; after, it says who was
 * identified and shows the forms.
 */
export interface SigningIdentity {
  required: true;
  provider: string;
  verified: { name: string } | null;
}

const pdfUrl = (token: string) => `/sign/${encodeURIComponent(token)}/document.pdf`;

function Facts({ doc }: { doc: SigningDocument }) {
  return (
    <dl class="facts">
      <dt>Organ</dt>
      <dd>{doc.organ}</dd>
      <dt>Sammanträde</dt>
      <dd>{formatDateSv(doc.meetingDate)}</dd>
      {doc.paragraphs && (
        <>
          <dt>Paragrafer</dt>
          <dd>{doc.paragraphs.map((n) => `§ ${n}`).join(', ')} (omedelbar justering)</dd>
        </>
      )}
      <dt>Din roll</dt>
      <dd>{roleSv(doc.role)}</dd>
      {doc.plannedJustering && (
        <>
          <dt>Justeringens plats och tid</dt>
          <dd>{doc.plannedJustering}</dd>
        </>
      )}
      <dt>Sista dag</dt>
      <dd>{formatDateSv(doc.deadline)}</dd>
      <dt>Version</dt>
      <dd>{doc.version.number}</dd>
    </dl>
  );
}

function Signers({ doc }: { doc: SigningDocument }) {
  return (
    <>
      <h2>Signaturer</h2>
      <ul>
        {doc.signers.map((s) => (
          <li>
            {s.name} ({roleSv(s.role)}):{' '}
            {s.signedAt ? `signerade ${formatDateTimeSv(s.signedAt)}` : s.id === doc.signatoryId ? 'du' : 'har inte signerat'}
          </li>
        ))}
      </ul>
    </>
  );
}

function Hash({ doc, approved = false }: { doc: SigningDocument; approved?: boolean }) {
  return (
    <>
      <p>Kontrollsumma (SHA-256) för den version du {approved ? 'godkände' : 'godkänner'}:</p>
      <p class="hash" id="sha256">
        {doc.version.sha256}
      </p>
    </>
  );
}

function Document({ doc }: { doc: SigningDocument }) {
  const url = pdfUrl(doc.token);
  return (
    <>
      <h2>Protokollet</h2>
      {/* One action for the PDF per width (justera.css): wide screens show it in the frame below and offer the
          download; phones show an embedded PDF as an empty frame, so there one button opens it in the phone's
          PDF viewer instead. */}
      <p class="pdf-actions">
        <a class="pdf-download" href={url} download>
          Ladda ner protokollet (PDF, {Math.ceil(doc.version.size / 1024)} kB)
        </a>
        <a class="button pdf-open" href={url}>
          Öppna protokollet (PDF)
        </a>
        {doc.protocolHtml && <a href="#protokollet-som-text">Läs protokollet som text</a>}
      </p>
      <iframe class="pdf" src={url} title="Protokollet som PDF"></iframe>
      {doc.protocolHtml ? (
        <TrustedHtml
          as="section"
          class="protocol-html"
          id="protokollet-som-text"
          aria-label="Protokollet som text"
          html={doc.protocolHtml}
        />
      ) : (
        <p class="muted">Protokollet är en uppladdad PDF och finns bara i PDF-form.</p>
      )}
    </>
  );
}

/** "Kontakta sekreteraren Anna Berg (anna.berg@kommun.se) …": the name, and the address as a mailto link. */
function Contact({ contact, why, self }: { contact: SecretaryContact | null; why: string; self: string }) {
  if (!contact) return <p>{self}</p>;
  return (
    <p class="contact">
      Kontakta sekreteraren {contact.name},{' '}
      <a class="email" href={`mailto:${contact.email}`}>
        {contact.email}
      </a>
      , {why}.
    </p>
  );
}

function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="ok" role="status">
      {text}
    </p>
  ) : null;
}

/**
 * What the holder of a superseded link should do now. Only when a newer link has been mailed does the
 * page point to "the latest e-mail"; before that it says the link comes when it is their turn, and whose
 * turn it is (the old link once pointed to a mail that did not exist yet).
 */
function NextStep({ vm }: { vm: Extract<SigningViewModel, { kind: 'superseded' }> }) {
  switch (vm.next) {
    case 'mailed':
      return <p>En ny länk har skickats till dig. Använd länken i det senaste e-postmeddelandet från Justera.</p>;
    case 'signed':
      return <p>Du har redan godkänt den senaste versionen. Du behöver inte göra något mer.</p>;
    case 'done':
      return <p>Alla har godkänt den senaste versionen. Du behöver inte göra något mer.</p>;
    case 'later':
      return (
        <p>
          Du får ett e-postmeddelande med en ny länk när det är din tur att justera
          {vm.waitingFor.length
            ? `. Just nu väntar justeringen på ${vm.waitingFor.map((w) => `${w.name} (${roleSv(w.role)})`).join(' och ')}.`
            : '.'}
        </p>
      );
  }
}

/** The page's title and body for each state of the link. */
function content(vm: SigningViewModel): [string, preact.ComponentChildren] {
  switch (vm.kind) {
    case 'invalid':
      return [
        'Länken fungerar inte',
        <>
          <h1>Länken fungerar inte</h1>
          <p>Länken är okänd eller felaktig. Kontrollera att du har kopierat hela länken från e-postmeddelandet.</p>
          <p>
            Fungerar den ändå inte, kontakta sekreteraren för sammanträdet, den som skickade protokollet till dig för justering. Justera kan
            inte se vems länken var när den inte känns igen.
          </p>
        </>,
      ];
    case 'expired':
      return [
        'Länken har gått ut',
        <>
          <h1>Länken har gått ut</h1>
          <p>
            Länken gällde till {formatDateTimeSv(vm.linkExpiresAt)}. Sista dag för justering var {formatDateSv(vm.deadline)}.
          </p>
          <Contact
            contact={vm.contact}
            why="om du behöver en ny länk"
            self="Som sekreterare kan du skicka en ny länk från protokollets översikt."
          />
        </>,
      ];
    case 'cancelled':
      return [
        'Justeringen är avbruten',
        <>
          <h1>Justeringen är avbruten</h1>
          <p>Justeringen har avbrutits. Länken gäller inte längre.</p>
          <Contact contact={vm.contact} why="om du har frågor" self="Du kan starta en ny justering från protokollets översikt." />
        </>,
      ];
    case 'superseded':
      if (vm.reason === 'signatory_replaced')
        return [
          'Länken gäller inte längre',
          <>
            <h1>Länken gäller inte längre</h1>
            <p>Sekreteraren har låtit en ersättare justera i ditt ställe. Du behöver inte göra något.</p>
            <Contact contact={vm.contact} why="om det är fel" self="Ersättaren har fått en egen länk." />
          </>,
        ];
      return vm.reason === 'replaced'
        ? [
            'Dokumentet har ersatts',
            <>
              <h1>Dokumentet har ersatts</h1>
              <p>
                Protokollet har ändrats och en ny version ska justeras. Den här länken gäller den tidigare versionen och fungerar inte
                längre.
              </p>
              <NextStep vm={vm} />
              <Contact
                contact={vm.contact}
                why={vm.next === 'mailed' ? 'om du inte har fått någon ny länk' : 'om du har frågor'}
                self="Den nya versionen skickas ut med nya länkar när det är var och ens tur."
              />
            </>,
          ]
        : [
            'Länken har ersatts',
            <>
              <h1>Länken har ersatts</h1>
              <p>Den här länken gäller inte längre.</p>
              <NextStep vm={vm} />
              <Contact
                contact={vm.contact}
                why={vm.next === 'mailed' ? 'om du inte har fått den' : 'om du har frågor'}
                self="Den nya länken skickas till din e-postadress."
              />
            </>,
          ];
    case 'signed':
      return [
        'Du har signerat',
        <>
          <h1>Du har signerat protokollet</h1>
          <Notice text={vm.notice} />
          <Facts doc={vm.doc} />
          <p>
            Du justerade och signerade som {roleSv(vm.doc.role)} {vm.signedAt ? formatDateTimeSv(vm.signedAt) : ''}. Transaktions-id:{' '}
            <span class="hash">{vm.transactionId ?? ''}</span>
          </p>
          <p>
            {vm.inPdf
              ? 'Din digitala underskrift finns i PDF:en.'
              : 'Din digitala underskrift läggs in i PDF:en inom kort; du behöver inte göra något mer.'}
          </p>
          <Hash doc={vm.doc} approved />
          <Signers doc={vm.doc} />
          <p>
            <a href={pdfUrl(vm.doc.token)}>Visa det du godkände (PDF)</a>
          </p>
        </>,
      ];
    case 'change_requested':
      return [
        'Ändring begärd',
        <>
          <h1>En ändring har begärts</h1>
          <Notice text={vm.notice} />
          <Facts doc={vm.doc} />
          <p>
            Justeringen väntar på att sekreteraren tar fram en ny version. Du får ett nytt e-postmeddelande med en ny länk när den är klar.
          </p>
          {vm.contact && <Contact contact={vm.contact} why="om du har frågor om ändringen" self="" />}
        </>,
      ];
    case 'waiting':
      return [
        'Inte din tur ännu',
        <>
          <h1>Det är inte din tur att signera ännu</h1>
          <Facts doc={vm.doc} />
          <p>
            Du väntar på: {vm.waitingFor.map((s) => `${s.name} (${roleSv(s.role)})`).join(', ')}. Du får ett e-postmeddelande när det är din
            tur.
          </p>
          <Signers doc={vm.doc} />
          {vm.contact && <Contact contact={vm.contact} why="om du har frågor om protokollet" self="" />}
          <Document doc={vm.doc} />
        </>,
      ];
    case 'open': {
      const action = `/sign/${encodeURIComponent(vm.doc.token)}`;
      return [
        'Justera protokollet',
        <>
          <h1>Justera protokollet</h1>
          {vm.error && (
            <p class="error" role="alert" id="form-error">
              {vm.error}
            </p>
          )}
          <Facts doc={vm.doc} />
          <Hash doc={vm.doc} />
          <Signers doc={vm.doc} />
          {/* The protocol comes before the confirmation, as it is read before it is approved; the link skips to the forms. */}
          <p>
            <a href={vm.identity && !vm.identity.verified ? '#identify-heading' : '#sign-heading'}>
              Hoppa till {vm.identity && !vm.identity.verified ? 'identifieringen' : 'justeringen och signeringen'}
            </a>
          </p>
          <Document doc={vm.doc} />
          {vm.identity && !vm.identity.verified ? (
            <section class="box" aria-labelledby="identify-heading">
              <h2 id="identify-heading">Identifiera dig</h2>
              <p>
                Den här justeringen kräver e-legitimation. Identifiera dig med e-legitimation ({vm.identity.provider}) innan du kan justera
                och signera eller begära en ändring.
              </p>
              <form method="post" action={`${action}/identitet`}>
                <button type="submit">Identifiera dig med e-legitimation</button>
              </form>
            </section>
          ) : (
            <OpenForms vm={vm} action={action} />
          )}
          {vm.contact && <Contact contact={vm.contact} why="om du har frågor om protokollet" self="" />}
        </>,
      ];
    }
    case 'identity_failed':
      return [
        vm.title,
        <>
          <h1>{vm.title}</h1>
          <p class="error" role="alert">
            {vm.message}
          </p>
          {vm.names && (
            <dl class="facts">
              <dt>Namn i e-legitimationen</dt>
              <dd>{vm.names.verified}</dd>
              <dt>Namn i justeringen</dt>
              <dd>{vm.names.expected}</dd>
            </dl>
          )}
          <p>Ingenting har godkänts.</p>
          {vm.retryToken && !vm.names && (
            <p>
              <a href={`/sign/${encodeURIComponent(vm.retryToken)}`}>Tillbaka till protokollet</a>
            </p>
          )}
          {vm.contact ? (
            <Contact contact={vm.contact} why="om du behöver hjälp" self="" />
          ) : (
            <p>Behöver du hjälp, kontakta sekreteraren för sammanträdet, den som skickade protokollet till dig för justering.</p>
          )}
        </>,
      ];
  }
}

function OpenForms({ vm, action }: { vm: Extract<SigningViewModel, { kind: 'open' }>; action: string }) {
  return (
    <>
      {vm.identity?.verified && (
        <p class="ok" role="status">
          Identifierad med e-legitimation ({vm.identity.provider}) som {vm.identity.verified.name}.
        </p>
      )}
      <section class="box" aria-labelledby="sign-heading">
        <h2 id="sign-heading">Justera och signera</h2>
        <form method="post" action={action}>
          <input type="hidden" name="action" value="sign" />
          <input type="hidden" name="sha256" value={vm.doc.version.sha256} />
          <label class="check" for="confirm">
            <input type="checkbox" id="confirm" name="confirm" value="ja" required aria-describedby={vm.error ? 'form-error' : undefined} />{' '}
            Jag har läst protokollet och godkänner den här versionen (kontrollsumman ovan) med min underskrift som {roleSv(vm.doc.role)}.
          </label>
          <button type="submit">Justera och signera</button>
        </form>
      </section>
      <section class="box" aria-labelledby="change-heading">
        <h2 id="change-heading">Begär ändring</h2>
        <form method="post" action={action}>
          <input type="hidden" name="action" value="change" />
          <label for="comment">Vad behöver ändras?</label>
          <textarea id="comment" name="comment" rows={4} required maxLength={4000}></textarea>
          <button type="submit" class="secondary">
            Begär ändring
          </button>
        </form>
      </section>
    </>
  );
}

/** The signer's page behind the e-mailed link, in each state of the link. */
export function renderSigningPage(vm: SigningViewModel): string {
  const [title, body] = content(vm);
  return renderPage(
    <Layout title={title} page="page-signing">
      {body}
    </Layout>,
  );
}

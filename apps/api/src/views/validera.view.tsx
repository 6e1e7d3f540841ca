import { formatDateSv, formatDateTimeSv, roleSv } from '@justera/sv';
import { verdictClass, type ValidationReport } from '@justera/validation';
import type { KnownDocument, KnownInReport } from '../validation/validation.service';
import { Layout } from './layout';
import { renderPage, Trusted, TrustedHtml } from './render';
import { revisionsSv, signatureLines } from '../validation/summary';

const MATCH_SV: Record<KnownDocument['match']['kind'], string> = {
  frozen: 'den frysta versionen som undertecknarna godkände (ännu utan underskrifter)',
  signed: 'en signerad revision',
  renewed: 'det justerade protokollet med förnyad arkivtidsstämpel (PAdES-LTA)',
  anslag: 'det justerade protokollet med ifyllda anslagsuppgifter',
  anslagsbevis: 'anslagsbeviset',
  upload: 'det uppladdade protokollet',
};

/** A calendar date in running text ("5 mars 2025"), or a dash. */
const dateSv = (d: string | null | undefined) => (d ? formatDateSv(d, { weekday: false }) : '–');

/** What Justera knows about a document: public facts, plus the evidence for an authorised caller. */
function Known({ k }: { k: KnownInReport }) {
  const e = k.evidence;
  return (
    <section aria-labelledby="kant">
      <h2 id="kant">Justera känner igen dokumentet</h2>
      <dl>
        <dt>Protokoll</dt>
        <dd>{k.title}</dd>
        <dt>Organ</dt>
        <dd>{k.organ}</dd>
        <dt>Sammanträdesdatum</dt>
        <dd>{dateSv(k.meetingDate)}</dd>
        <dt>Version</dt>
        <dd>
          {k.match.versionNumber ?? '–'}
          {k.version && (
            <>
              {' '}
              (SHA-256 <code>{k.version.sha256}</code>)
              {!k.version.current && (
                <>
                  {' '}
                  <strong>– ersatt av en senare version; godkännandena av denna version gäller inte</strong>
                </>
              )}
            </>
          )}
        </dd>
        <dt>Vad filen är</dt>
        <dd>
          {k.document && (
            <>
              <strong>{k.document.name}</strong>. {k.document.description}
              <br />
            </>
          )}
          {MATCH_SV[k.match.kind]}
          {k.match.afterSignatureOf
            ? `, efter underskrift av ${k.match.afterSignatureOf.name} (${roleSv(k.match.afterSignatureOf.role)})`
            : ''}
          {k.revision ? `; revision ${k.revision} i PDF-filen` : ''}
        </dd>
      </dl>
      {k.signatures?.length ? (
        <>
          <h3>Underskrifterna i filen</h3>
          <ul>
            {k.signatures.map((s) => (
              <li>
                Underskrift {s.index + 1} (fält {s.field}, täcker revision {s.revision ?? '–'}): {s.name}, {roleSv(s.role)}, transaktion{' '}
                <code>{s.transactionId}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Underskrifter</h3>
      {k.signers.length ? (
        <ul>
          {k.signers.map((s) => (
            <li>
              {s.name}, {roleSv(s.role)}, signerade <time datetime={s.signedAt}>{formatDateTimeSv(s.signedAt)}</time> (transaktion{' '}
              <code>{s.transactionId}</code>)
            </li>
          ))}
        </ul>
      ) : (
        <p>Inga underskrifter.</p>
      )}
      {k.anslag.map((a) => (
        <p>
          Anslaget uppsatt {dateSv(a.postedDate)}, sista dag att överklaga {dateSv(a.lastAppealDay)}, tas ned {dateSv(a.takeDownDate)}.
        </p>
      ))}
      {e && (
        <>
          <h3>Verifieringsunderlag</h3>
          <p>
            {e.audit.chainValid
              ? `Händelseloggens hashkedja är obruten (${e.audit.verification.count} händelser).`
              : `Händelseloggens hashkedja är BRUTEN: ${e.audit.verification.firstBad?.messageSv ?? ''}`}
          </p>
          <table class="stack">
            <caption>Underskrifter med identifiering</caption>
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col">Roll</th>
                <th scope="col">E-post</th>
                <th scope="col">Metod</th>
                <th scope="col">Tid</th>
                <th scope="col">IP-adress</th>
                <th scope="col">Webbläsare</th>
              </tr>
            </thead>
            <tbody>
              {e.signers.map((s) => (
                <tr>
                  <td data-label="Namn">{s.name}</td>
                  <td data-label="Roll">{roleSv(s.role)}</td>
                  <td data-label="E-post">{s.email ?? '–'}</td>
                  <td data-label="Metod">
                    {s.identifiedBy ?? '–'}; {s.method ?? '–'}
                  </td>
                  <td data-label="Tid">
                    <time datetime={s.signedAt}>{formatDateTimeSv(s.signedAt)}</time>
                  </td>
                  <td data-label="IP-adress">{s.ip ?? '–'}</td>
                  <td data-label="Webbläsare">{s.userAgent ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <a href={`/api/protocols/${k.protocolId}/evidence.pdf`}>Hämta förseglat verifieringsunderlag (PDF)</a> ·{' '}
            <a href={`/api/protocols/${k.protocolId}/evidence.json`}>JSON</a>
          </p>
        </>
      )}
    </section>
  );
}

function VerdictHelp() {
  return (
    <details>
      <summary>Vad betyder utfallen?</summary>
      <dl>
        <dt>GILTIG</dt>
        <dd>
          Varje underskrift är matematiskt korrekt, certifikaten leder till en betrodd utfärdare och inget har ändrats efter underskrifterna
          utöver det som är tillåtet (fler underskrifter, tidsstämplar, valideringsdata, ifyllda anslagsdatum).
        </dd>
        <dt>GILTIG MED ANMÄRKNING</dt>
        <dd>Underskrifterna håller, men något bör kontrolleras, till exempel spärrinformation som saknas i filen.</dd>
        <dt>KAN INTE AVGÖRAS</dt>
        <dd>
          Underskrifterna kan varken godtas eller underkännas med det som filen innehåller, till exempel när ett certifikat har gått ut och
          ingen giltig tidsstämpel bevisar att underskriften gjordes dessförinnan, eller när utfärdaren inte är betrodd (ETSI:
          INDETERMINATE).
        </dd>
        <dt>OGILTIG</dt>
        <dd>Minst en underskrift håller inte, eller dokumentet har ändrats på ett otillåtet sätt efter att det signerades.</dd>
        <dt>EJ SIGNERAD</dt>
        <dd>Dokumentet har inga digitala underskrifter.</dd>
        <dt>KAN INTE LÄSAS</dt>
        <dd>Filen är trasig, krypterad eller för stor för att kunna granskas.</dd>
      </dl>
    </details>
  );
}

function Form({ sha256 = '', transaction = '', error }: { sha256?: string; transaction?: string; error?: string }) {
  return (
    <>
      <h1>Validera ett signerat protokoll</h1>
      <p>
        Ladda upp en PDF för att se vem som har signerat den, när, och om något har ändrats efteråt. Granskningen görs här på servern; filen
        sparas inte.
      </p>
      <form method="post" action="/validera" enctype="multipart/form-data">
        <label for="file">PDF-fil</label>
        {/* An upload's error stands at the field it is about, not below the other forms (out of view on a phone). */}
        {error && (
          <p class="error" role="alert" id="file-error">
            {error}
          </p>
        )}
        <input id="file" name="file" type="file" accept="application/pdf,.pdf" required aria-describedby={error ? 'file-error' : undefined} />
        <label for="at">Bedöm per datum (valfritt, t.ex. om tio år; bara tidsstämplar i filen räknas som bevis)</label>
        <input id="at" name="at" type="date" />
        <button type="submit">Validera</button>{' '}
        <button type="submit" class="secondary" formAction="/validera/rapport.pdf">
          Ladda ned rapporten som PDF
        </button>
      </form>
      <h2>Sök på kontrollsumma</h2>
      <form method="get" action="/validera">
        <label for="sha256">SHA-256 (64 hexadecimala tecken, finns på signeringssidan och i dokumentets underskrifter)</label>
        <input id="sha256" name="sha256" value={sha256} pattern="[0-9a-fA-F]{64}" inputMode="latin" />
        <button type="submit">Sök</button>
      </form>
      <h2>Sök på transaktions-id</h2>
      <form method="get" action="/validera">
        <label for="transaction">Transaktions-id (står i varje underskrift)</label>
        <input id="transaction" name="transaction" value={transaction} pattern="[0-9a-fA-F-]{36}" inputMode="latin" />
        <button type="submit">Sök</button>
      </form>
      <VerdictHelp />
    </>
  );
}

export type ValideraViewModel =
  /** The forms, and an upload's error when there is one. */
  | { kind: 'form'; error?: string }
  /** A lookup by checksum or transaction id, and what Justera knows (null: nothing). */
  | { kind: 'lookup'; by: 'sha256' | 'transaction'; sha256: string; transaction: string; known: KnownInReport | null }
  /**
   * An uploaded file's validation: the summary first (from the report), the details folded (rendered by
   * libs/validation), what Justera knows, and the token that the "Ladda ned rapporten som PDF" form
   * posts back (null when too large: the page then asks for the file again).
   */
  | { kind: 'report'; report: ValidationReport; known: KnownInReport | null; reportHtml: Trusted; token: string | null };

function body(vm: ValideraViewModel) {
  switch (vm.kind) {
    case 'form':
      return <Form error={vm.error} />;
    case 'lookup':
      return (
        <>
          <Form sha256={vm.sha256} transaction={vm.transaction} />
          <h2 id="resultat">Resultat</h2>
          {vm.known ? (
            <>
              <Known k={vm.known} />
              <p>Ladda upp din fil ovan för att granska underskrifterna i den.</p>
            </>
          ) : (
            <p>
              Justera känner inte till något justerat protokoll med {vm.by === 'sha256' ? 'den kontrollsumman' : 'det transaktions-id:t'}.
            </p>
          )}
        </>
      );
    case 'report':
      return <Report vm={vm} />;
  }
}

/** What the file is: one of Justera's four documents, another file Justera knows, or an unknown one. */
function WhatFile({ known }: { known: KnownInReport | null }) {
  if (!known)
    return (
      <p>
        Justera känner inte igen filen: den är inte ett av de dokument som Justera har skapat (eller så har den ändrats sedan dess).
        Underskrifterna i den granskas ändå nedan.
      </p>
    );
  return (
    <p>
      {known.document ? (
        <>
          <strong>{known.document.name}</strong> för {known.title} ({known.organ}, sammanträdesdatum {dateSv(known.meetingDate)}).{' '}
          {known.document.description}
        </>
      ) : (
        <>
          Justera känner igen filen som {MATCH_SV[known.match.kind]} av {known.title} ({known.organ}, sammanträdesdatum{' '}
          {dateSv(known.meetingDate)}), men den är inget av protokollets fyra dokument (till exempel en fil mellan två underskrifter).
        </>
      )}
    </p>
  );
}

type ReportVm = Extract<ValideraViewModel, { kind: 'report' }>;

/** An uploaded file's report: summary first (verdict, who signed what and when, what it covers, which document), details folded. */
function Report({ vm }: { vm: ReportVm }) {
  const r = vm.report;
  const k = vm.known;
  const lines = signatureLines(r, k);
  return (
    <>
      <p>
        <a href="/validera">← Validera en annan fil</a>
      </p>
      <h1>Valideringsrapport</h1>
      <section class="sammanfattning" aria-labelledby="sammanfattning">
        <h2 id="sammanfattning">
          Resultat: <span class={`utfall utfall-${verdictClass(r.verdict)}`}>{r.verdict}</span>
        </h2>
        <p>{r.summary.sv}</p>
        {r.attacks.length > 0 && (
          <ul class="error">
            {r.attacks.map((a) => (
              <li>
                {a.title.sv}
                {a.field ? ` (fält ${a.field})` : ''}: {a.sv}
              </li>
            ))}
          </ul>
        )}
        <h3>Vad filen är</h3>
        <WhatFile known={k} />
        <h3>Vem som har signerat och när</h3>
        {lines.length ? (
          <ol class="underskrifter">
            {lines.map((l) => (
              <li>
                <strong>{l.who}</strong>
                {l.kind === 'document-timestamp'
                  ? ' (dokumenttidsstämpel)'
                  : l.kind === 'certification'
                    ? ' (certifierande underskrift)'
                    : ''}
                <br />
                {l.when ? (
                  <>
                    <time datetime={l.when.iso}>{l.when.text}</time> ({l.when.proof})
                  </>
                ) : (
                  'Tidpunkt okänd'
                )}
                . Status: {l.invalid ? <strong class="error">{l.status}</strong> : l.status}.
                {l.identification && (
                  <>
                    <br />
                    Identifiering: {l.identification.text}.
                  </>
                )}
                <br />
                <span class="muted">Täcker: {l.covers}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p>Filen har inga underskrifter.</p>
        )}
        <h3>Vad underskrifterna täcker</h3>
        <p>
          {k?.version ? (
            <>
              Undertecknarna godkände version {k.match.versionNumber ?? '–'} av protokollet, SHA-256 <code>{k.version.sha256}</code>
              {k.version.current ? '' : ' (ersatt av en senare version; godkännandena av denna version gäller inte)'}.{' '}
            </>
          ) : null}
          {revisionsSv(r)} Filens SHA-256 är <code>{r.document.sha256}</code>.
        </p>
        {vm.token ? (
          <form method="post" action="/validera/rapport.pdf">
            <input type="hidden" name="rapport" value={vm.token} />
            <button type="submit">Ladda ned rapporten som PDF</button>
            <p class="muted">
              Rapporten förseglas med organisationens elektroniska stämpel. Knappen fungerar i en timme; filen sparas inte.
            </p>
          </form>
        ) : (
          <p>
            Rapporten är för stor för att laddas ned härifrån: välj filen igen på <a href="/validera">Validera</a> och tryck på ”Ladda ned
            rapporten som PDF”.
          </p>
        )}
      </section>
      <h2>Detaljer</h2>
      {k && (
        <details class="kant">
          <summary>Vad Justera vet om dokumentet</summary>
          <Known k={k} />
        </details>
      )}
      <details class="kontroller">
        <summary>Alla kontroller, underskrift för underskrift</summary>
        <TrustedHtml html={vm.reportHtml} />
      </details>
      <VerdictHelp />
    </>
  );
}

/** /validera: validation for auditors and the public. */
export function renderValideraPage(vm: ValideraViewModel): string {
  return renderPage(<Layout title="Validera ett protokoll">{body(vm)}</Layout>);
}

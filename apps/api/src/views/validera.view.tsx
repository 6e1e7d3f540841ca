import { formatDateSv, formatDateTimeSv, roleSv } from '@justera/sv';
import type { KnownDocument, KnownInReport } from '../validation/validation.service';
import { Layout } from './layout';
import { renderPage, Trusted, TrustedHtml } from './render';

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

function Form({ sha256 = '', transaction = '' }: { sha256?: string; transaction?: string }) {
  return (
    <>
      <h1>Validera ett signerat protokoll</h1>
      <p>
        Ladda upp en PDF för att se vem som har signerat den, när, och om något har ändrats efteråt. Granskningen görs här på servern; filen
        sparas inte.
      </p>
      <form method="post" action="/validera" enctype="multipart/form-data">
        <label for="file">PDF-fil</label>
        <input id="file" name="file" type="file" accept="application/pdf,.pdf" required />
        <label for="at">Bedöm per datum (valfritt, t.ex. om tio år; bara tidsstämplar i filen räknas som bevis)</label>
        <input id="at" name="at" type="date" />
        <button type="submit">Validera</button>{' '}
        <button type="submit" class="secondary" formAction="/api/validate/report.pdf">
          Hämta förseglad rapport (PDF)
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
  /** An uploaded file's validation report (rendered by libs/validation) and what Justera knows. */
  | { kind: 'report'; known: KnownInReport | null; reportHtml: Trusted };

function body(vm: ValideraViewModel) {
  switch (vm.kind) {
    case 'form':
      return (
        <>
          <Form />
          {vm.error && (
            <p class="error" role="alert">
              {vm.error}
            </p>
          )}
        </>
      );
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
      return (
        <>
          <p>
            <a href="/validera">← Validera en annan fil</a>
          </p>
          <h1>Valideringsrapport</h1>
          {vm.known && <Known k={vm.known} />}
          <TrustedHtml html={vm.reportHtml} />
          <VerdictHelp />
        </>
      );
  }
}

/** /validera: validation for auditors and the public. */
export function renderValideraPage(vm: ValideraViewModel): string {
  return renderPage(<Layout title="Validera ett protokoll">{body(vm)}</Layout>);
}

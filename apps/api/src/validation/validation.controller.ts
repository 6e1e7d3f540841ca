import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { renderHtml } from '@justera/validation';
import { OptionalAuth, Public, type AuthContext } from '../auth/auth-context';
import { DomainError } from '@justera/application';
import { httpStatusOf } from '../common/errors';
import { html, layout, raw } from '../common/html';
import { ValidationService, type KnownDocument, type KnownInReport } from './validation.service';

const ROLE_SV: Record<string, string> = { sekreterare: 'sekreterare', ordforande: 'ordförande', justerare: 'justerare' };
const MATCH_SV: Record<KnownDocument['match']['kind'], string> = {
  frozen: 'den fastställda versionen som signerarna godkände (ännu utan underskrifter)',
  signed: 'en signerad revision',
  anslag: 'det justerade protokollet med ifyllda anslagsuppgifter',
  upload: 'det uppladdade protokollet',
};

/** What Justera knows about a document: public facts, plus the evidence for an authorised caller. */
function knownHtml(k: KnownInReport) {
  const e = k.evidence;
  return html`<section aria-labelledby="kant"><h2 id="kant">Justera känner igen dokumentet</h2>
<dl>
<dt>Protokoll</dt><dd>${k.title}</dd>
<dt>Organ</dt><dd>${k.organ}</dd>
<dt>Sammanträdesdatum</dt><dd>${k.meetingDate}</dd>
<dt>Version</dt><dd>${k.match.versionNumber ?? '–'}${k.version ? html` (SHA-256 <code>${k.version.sha256}</code>)${k.version.current ? '' : html` <strong>– ersatt av en senare version; godkännandena av denna version gäller inte</strong>`}` : ''}</dd>
<dt>Vad filen är</dt><dd>${MATCH_SV[k.match.kind]}${k.match.afterSignatureOf ? html`, efter underskrift av ${k.match.afterSignatureOf.name} (${ROLE_SV[k.match.afterSignatureOf.role] ?? k.match.afterSignatureOf.role})` : ''}${k.revision ? html`; revision ${k.revision} i PDF-filen` : ''}</dd>
</dl>
${k.signatures?.length ? html`<h3>Underskrifterna i filen</h3><ul>${k.signatures.map((s) => html`<li>Underskrift ${s.index + 1} (fält ${s.field}, täcker revision ${s.revision ?? '–'}): ${s.name}, ${ROLE_SV[s.role] ?? s.role}, transaktion <code>${s.transactionId}</code></li>`)}</ul>` : ''}
<h3>Underskrifter</h3>
${k.signers.length ? html`<ul>${k.signers.map((s) => html`<li>${s.name}, ${ROLE_SV[s.role] ?? s.role}, ${s.signedAt} (transaktion <code>${s.transactionId}</code>)</li>`)}</ul>` : html`<p>Inga underskrifter.</p>`}
${k.anslag.map((a) => html`<p>Anslaget uppsatt ${a.postedDate ?? '–'}, överklagande till och med ${a.lastAppealDay ?? '–'}, nedtagande ${a.takeDownDate ?? '–'}.</p>`)}
${e ? html`<h3>Verifieringsunderlag</h3>
<p>${e.audit.chainValid ? `Händelseloggens hashkedja är obruten (${e.audit.verification.count} händelser).` : `Händelseloggens hashkedja är BRUTEN: ${e.audit.verification.firstBad?.messageSv ?? ''}`}</p>
<table><caption>Underskrifter med identifiering</caption><thead><tr><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">E-post</th><th scope="col">Metod</th><th scope="col">Tid</th><th scope="col">IP-adress</th><th scope="col">Webbläsare</th></tr></thead><tbody>
${e.signers.map((s) => html`<tr><td>${s.name}</td><td>${ROLE_SV[s.role] ?? s.role}</td><td>${s.email ?? '–'}</td><td>${s.identifiedBy ?? '–'}; ${s.method ?? '–'}</td><td>${s.signedAt}</td><td>${s.ip ?? '–'}</td><td>${s.userAgent ?? '–'}</td></tr>`)}
</tbody></table>
<p><a href="/api/protocols/${k.protocolId}/evidence.pdf">Hämta förseglat verifieringsunderlag (PDF)</a> · <a href="/api/protocols/${k.protocolId}/evidence.json">JSON</a></p>` : ''}
</section>`;
}

interface Upload {
  buffer: Buffer;
}

function pdfFrom(req: Request, file: Upload | undefined): Buffer {
  const bytes = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (!bytes || bytes.length === 0) throw new DomainError('invalid_request', 'file: skicka en PDF (som kropp med Content-Type: application/pdf eller som multipart-fältet "file").', [{ path: 'file', message: 'required' }]);
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) throw new DomainError('unsupported_media_type', 'Filen är inte en PDF.');
  return bytes;
}

const VERDICT_HELP = html`<details><summary>Vad betyder utfallen?</summary><dl>
<dt>GILTIG</dt><dd>Varje underskrift är matematiskt korrekt, certifikaten leder till en betrodd utfärdare och inget har ändrats efter underskrifterna utöver det som är tillåtet (fler underskrifter, tidsstämplar, valideringsdata, ifyllda anslagsdatum).</dd>
<dt>GILTIG MED ANMÄRKNING</dt><dd>Underskrifterna håller, men något bör kontrolleras, till exempel en utfärdare som inte är betrodd här.</dd>
<dt>OGILTIG</dt><dd>Minst en underskrift håller inte, eller dokumentet har ändrats på ett otillåtet sätt efter att det signerades.</dd>
<dt>EJ SIGNERAD</dt><dd>Dokumentet har inga digitala underskrifter.</dd>
<dt>KAN INTE LÄSAS</dt><dd>Filen är trasig, krypterad eller för stor för att kunna granskas.</dd></dl></details>`;

/** Validation for auditors and the public: POST /api/validate (JSON) and the page /validera. */
@ApiTags('validation')
@Controller()
export class ValidationController {
  constructor(private readonly validation: ValidationService) {}

  @Post('api/validate')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/pdf', 'multipart/form-data')
  @ApiBody({ description: 'The PDF, as the body (application/pdf) or the multipart field "file"' })
  @UseInterceptors(FileInterceptor('file'))
  async api(@Req() req: Request, @UploadedFile() file: Upload | undefined, @OptionalAuth() auth: AuthContext | undefined) {
    return this.validation.validate(pdfFrom(req, file), auth);
  }

  @Post('api/validate/report.pdf')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/pdf', 'multipart/form-data')
  @ApiBody({ description: 'The PDF to validate; the answer is the report as a PDF sealed by the organisation' })
  @UseInterceptors(FileInterceptor('file'))
  async pdfReport(@Req() req: Request, @UploadedFile() file: Upload | undefined, @Res() res: Response) {
    const report = await this.validation.validate(pdfFrom(req, file));
    const pdf = await this.validation.sealedReport(report);
    res.type('application/pdf').setHeader('Content-Disposition', 'attachment; filename="valideringsrapport.pdf"').send(pdf);
  }

  private page(body: ReturnType<typeof html>): string {
    return layout({ title: 'Validera ett protokoll' }, body);
  }

  private form(sha256 = '', transaction = '') {
    return html`<h1>Validera ett signerat protokoll</h1>
<p>Ladda upp en PDF för att se vem som har signerat den, när, och om något har ändrats efteråt. Granskningen görs här på servern; filen sparas inte.</p>
<form method="post" action="/validera" enctype="multipart/form-data">
  <label for="file">PDF-fil</label>
  <input id="file" name="file" type="file" accept="application/pdf,.pdf" required>
  <button type="submit">Validera</button>
  <button type="submit" class="secondary" formaction="/api/validate/report.pdf">Hämta förseglad rapport (PDF)</button>
</form>
<h2>Sök på kontrollsumma</h2>
<form method="get" action="/validera">
  <label for="sha256">SHA-256 (64 hexadecimala tecken, finns på signeringssidan och i dokumentets underskrifter)</label>
  <input id="sha256" name="sha256" value="${sha256}" pattern="[0-9a-fA-F]{64}" inputmode="latin">
  <button type="submit">Sök</button>
</form>
<h2>Sök på transaktions-id</h2>
<form method="get" action="/validera">
  <label for="transaction">Transaktions-id (står i varje underskrift)</label>
  <input id="transaction" name="transaction" value="${transaction}" pattern="[0-9a-fA-F-]{36}" inputmode="latin">
  <button type="submit">Sök</button>
</form>
${VERDICT_HELP}`;
  }

  @Get('validera')
  @Public()
  async show(@Query('sha256') sha256: string | undefined, @Query('transaction') transaction: string | undefined, @OptionalAuth() auth: AuthContext | undefined, @Res() res: Response) {
    if (!sha256 && !transaction) return res.type('html').send(this.page(this.form()));
    const normal = (sha256 ?? '').trim().toLowerCase();
    const tx = (transaction ?? '').trim().toLowerCase();
    const known = sha256 ? await this.validation.known(normal, auth) : await this.validation.knownByTransaction(tx, auth);
    res.type('html').send(
      this.page(html`${this.form(normal, tx)}<h2 id="resultat">Resultat</h2>${
        known
          ? html`${knownHtml(known)}<p>Ladda upp din fil ovan för att granska underskrifterna i den.</p>`
          : html`<p>Justera känner inte till något justerat protokoll med ${sha256 ? 'den kontrollsumman' : 'det transaktions-id:t'}.</p>`
      }`),
    );
  }

  @Post('validera')
  @Public()
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: Request, @UploadedFile() file: Upload | undefined, @Body() _body: unknown, @OptionalAuth() auth: AuthContext | undefined, @Res() res: Response) {
    let bytes: Buffer;
    try {
      bytes = pdfFrom(req, file);
    } catch (err) {
      if (err instanceof DomainError) return res.status(httpStatusOf(err)).type('html').send(this.page(html`${this.form()}<p class="error" role="alert">${err.message}</p>`));
      throw err;
    }
    const report = await this.validation.validate(bytes, auth);
    const known = report.knownDocument;
    res.type('html').send(
      this.page(html`<p><a href="/validera">← Validera en annan fil</a></p>
<h1>Valideringsrapport</h1>
${known ? knownHtml(known) : ''}
${raw(renderHtml(report, { headingLevel: 2 }))}
${VERDICT_HELP}`),
    );
  }
}

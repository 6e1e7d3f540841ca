import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { renderHtml } from '@justera/validation';
import { Public } from '../auth/auth-context';
import { AppError } from '../common/errors';
import { html, layout, raw } from '../common/html';
import { ValidationService } from './validation.service';

interface Upload {
  buffer: Buffer;
}

function pdfFrom(req: Request, file: Upload | undefined): Buffer {
  const bytes = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (!bytes || bytes.length === 0) throw new AppError(400, 'invalid_request', 'file: skicka en PDF (som kropp med Content-Type: application/pdf eller som multipart-fältet "file").', [{ path: 'file', message: 'required' }]);
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) throw new AppError(415, 'unsupported_media_type', 'Filen är inte en PDF.');
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
  async api(@Req() req: Request, @UploadedFile() file: Upload | undefined) {
    return this.validation.validate(pdfFrom(req, file));
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

  private form(sha256 = '') {
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
${VERDICT_HELP}`;
  }

  @Get('validera')
  @Public()
  async show(@Query('sha256') sha256: string | undefined, @Res() res: Response) {
    if (!sha256) return res.type('html').send(this.page(this.form()));
    const normal = sha256.trim().toLowerCase();
    const known = await this.validation.known(normal);
    res.type('html').send(
      this.page(html`${this.form(normal)}<h2 id="resultat">Resultat</h2>${
        known
          ? html`<p>Kontrollsumman hör till <strong>${known.title}</strong> (sammanträdesdatum ${known.meetingDate}), som är justerat i Justera. Ladda upp din fil ovan för att granska underskrifterna.</p>`
          : html`<p>Justera känner inte till något justerat protokoll med den kontrollsumman.</p>`
      }`),
    );
  }

  @Post('validera')
  @Public()
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: Request, @UploadedFile() file: Upload | undefined, @Body() _body: unknown, @Res() res: Response) {
    let bytes: Buffer;
    try {
      bytes = pdfFrom(req, file);
    } catch (err) {
      if (err instanceof AppError) return res.status(err.status).type('html').send(this.page(html`${this.form()}<p class="error" role="alert">${err.message}</p>`));
      throw err;
    }
    const report = await this.validation.validate(bytes);
    const known = report.knownDocument;
    res.type('html').send(
      this.page(html`<p><a href="/validera">← Validera en annan fil</a></p>
<h1>Valideringsrapport</h1>
${known ? html`<p>Dokumentet är <strong>${known.title}</strong> (sammanträdesdatum ${known.meetingDate}), justerat i Justera.</p>` : ''}
${raw(renderHtml(report, { headingLevel: 2 }))}
${VERDICT_HELP}`),
    );
  }
}

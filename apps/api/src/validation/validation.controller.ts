import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { renderHtml } from '@justera/validation';
import { OptionalAuth, Public, type AuthContext } from '../auth/auth-context';
import { DomainError } from '@justera/application';
import { httpStatusOf } from '../common/errors';
import { renderValideraPage, trusted } from '../views';
import { openReportToken, reportToken } from './report-token';
import { ValidationService } from './validation.service';

interface Upload {
  buffer: Buffer;
}

function pdfFrom(req: Request, file: Upload | undefined): Buffer {
  const bytes = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (!bytes || bytes.length === 0)
    throw new DomainError(
      'invalid_request',
      'file: skicka en PDF (som kropp med Content-Type: application/pdf eller som multipart-fältet "file").',
      [{ path: 'file', message: 'required' }],
    );
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-'))
    throw new DomainError('unsupported_media_type', 'Filen är inte en PDF.');
  return bytes;
}

/**
 * The optional "judge at" time: "2035-01-01" (midnight UTC) or an ISO date-time. Absent or empty: now.
 * Only what the file holds (time-stamps, validation data) proves when a signature existed.
 */
export function parseAt(v: unknown): Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v).trim();
  const ok = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s);
  const d = ok ? new Date(s.length === 10 ? `${s}T00:00:00Z` : s) : new Date(NaN);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2200) {
    throw new DomainError('invalid_request', 'at: ange en tidpunkt som 2035-01-01 eller 2035-01-01T12:00:00Z (år 1990–2200).', [
      { path: 'at', message: 'invalid date' },
    ]);
  }
  return d;
}

/** A text field of a multipart form (multer puts them on req.body); never a property of a raw PDF body (a Buffer). */
function formField(req: Request, name: string): string | undefined {
  const b = req.body as unknown;
  if (!b || typeof b !== 'object' || Buffer.isBuffer(b)) return undefined;
  const v = (b as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** Validation for auditors and the public: POST /api/validate (JSON) and the page /validera. */
@ApiTags('validation')
@Controller()
export class ValidationController {
  constructor(
    private readonly validation: ValidationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('api/validate')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/pdf', 'multipart/form-data')
  @ApiBody({
    description:
      'The PDF, as the body (application/pdf) or the multipart field "file". Query (or multipart field) "at": judge at that time, e.g. 2035-01-01.',
  })
  @UseInterceptors(FileInterceptor('file'))
  async api(
    @Req() req: Request,
    @UploadedFile() file: Upload | undefined,
    @OptionalAuth() auth: AuthContext | undefined,
    @Query('at') at: string | undefined,
  ) {
    const when = parseAt(at ?? formField(req, 'at'));
    return this.validation.validate(pdfFrom(req, file), auth, when);
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

  @Get('validera')
  @Public()
  async show(
    @Query('sha256') sha256: string | undefined,
    @Query('transaction') transaction: string | undefined,
    @OptionalAuth() auth: AuthContext | undefined,
    @Res() res: Response,
  ) {
    if (!sha256 && !transaction) return res.type('html').send(renderValideraPage({ kind: 'form' }));
    const normal = (sha256 ?? '').trim().toLowerCase();
    const tx = (transaction ?? '').trim().toLowerCase();
    const known = sha256 ? await this.validation.known(normal, auth) : await this.validation.knownByTransaction(tx, auth);
    res
      .type('html')
      .send(renderValideraPage({ kind: 'lookup', by: sha256 ? 'sha256' : 'transaction', sha256: normal, transaction: tx, known }));
  }

  @Post('validera')
  @Public()
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @Req() req: Request,
    @UploadedFile() file: Upload | undefined,
    @Body() _body: unknown,
    @OptionalAuth() auth: AuthContext | undefined,
    @Res() res: Response,
  ) {
    let bytes: Buffer;
    let at: Date | undefined;
    try {
      bytes = pdfFrom(req, file);
      at = parseAt(formField(req, 'at'));
    } catch (err) {
      if (err instanceof DomainError)
        return res
          .status(httpStatusOf(err))
          .type('html')
          .send(renderValideraPage({ kind: 'form', error: err.message }));
      throw err;
    }
    const report = await this.validation.validate(bytes, auth, at);
    res.type('html').send(
      renderValideraPage({
        kind: 'report',
        report,
        known: report.knownDocument ?? null,
        // renderHtml escapes every value of the report itself.
        reportHtml: trusted(renderHtml(report, { headingLevel: 3, folded: true }), 'libs/validation renderHtml'),
        token: reportToken(report, this.config.secret),
      }),
    );
  }

  /**
   * The page's "Ladda ned rapporten som PDF": either the result of an upload (the signed token the
   * result page carries, valid for an hour; nothing of the file is kept) or a file uploaded with the
   * form's second button. Mistakes answer the Swedish page with their status (a non-PDF 415), never JSON.
   */
  @Post('validera/rapport.pdf')
  @Public()
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async pageReport(@Req() req: Request, @UploadedFile() file: Upload | undefined, @Res() res: Response) {
    let report;
    try {
      const token = formField(req, 'rapport');
      if (token !== undefined && !file) report = openReportToken(token, this.config.secret);
      else {
        const bytes = pdfFrom(req, file);
        report = await this.validation.validate(bytes, undefined, parseAt(formField(req, 'at')));
      }
    } catch (err) {
      if (err instanceof DomainError)
        return res
          .status(httpStatusOf(err))
          .type('html')
          .send(renderValideraPage({ kind: 'form', error: err.message }));
      throw err;
    }
    const pdf = await this.validation.sealedReport(report);
    res.type('application/pdf').setHeader('Content-Disposition', 'attachment; filename="valideringsrapport.pdf"').send(pdf);
  }
}

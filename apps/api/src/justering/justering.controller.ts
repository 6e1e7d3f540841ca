import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { RequestMeta } from '@justera/application';
import { readAfterCommit } from '@justera/persistence';
import { Auth, AuthContext } from '../auth/auth-context';
import { ProtocolsService } from '../protocols/protocols.service';
import type { UploadedFile as File } from '../protocols/uploaded-pdf';
import { CancelJusteringDto, ChangeEmailDto, NewVersionDto, ReplaceSignatoryDto, StartJusteringDto, UploadVersionDto } from './justering.dto';
import {
  AuditTrail,
  CancelJustering,
  ChangeSignatoryEmail,
  FreezeNewVersion,
  JusteringStatus,
  RemindSignatory,
  ReplaceSignatory,
  ResendLink,
  RoundDocument,
  StartJustering,
} from '@justera/justering';
import { LiveStatusService } from './live-status';
import { readableTrail, versionHistory } from './version-history';

export function requestMeta(req: Request): RequestMeta {
  const ua = req.headers['user-agent'];
  return { ip: (req.ip ?? '').slice(0, 64) || null, userAgent: typeof ua === 'string' ? ua.slice(0, 400) : null };
}

/** The secretary's justering API: start, status, audit trail and the actions on a running round. */
@ApiTags('justering')
@ApiBearerAuth()
@Controller('api/protocols/:id')
export class JusteringController {
  constructor(
    private readonly justeringStatus: JusteringStatus,
    private readonly auditTrail: AuditTrail,
    private readonly roundDocument: RoundDocument,
    private readonly protocols: ProtocolsService,
    private readonly remindSignatory: RemindSignatory,
    private readonly resendLink: ResendLink,
    private readonly changeSignatoryEmail: ChangeSignatoryEmail,
    private readonly replaceSignatory: ReplaceSignatory,
    private readonly cancelJustering: CancelJustering,
    private readonly startJustering: StartJustering,
    private readonly freezeNewVersion: FreezeNewVersion,
    private readonly liveStatus: LiveStatusService,
  ) {}

  /** The round's status as the use case left it: what the actions answer (read again on a transient database error). */
  private answer(auth: AuthContext, protocolId: string, roundId: string) {
    return readAfterCommit(() => this.justeringStatus.execute({ caller: auth, protocolId, roundId }));
  }

  @Post('justering')
  async start(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StartJusteringDto, @Req() req: Request) {
    const { order, signatories, paragraphs, identityLevel } = dto;
    const roundId = await this.startJustering.execute({ caller: auth, protocolId: id, order, signatories, paragraphs, identityLevel, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  @Get('status')
  status(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.justeringStatus.execute({ caller: auth, protocolId: id });
  }

  /**
   * The live status: each round's and signatory's state and the notices' dates, with a stamp that
   * changes when any of it does. Polled by the workspace and the dashboard (docs/justering.md, "Live
   * status"); database reads only, and a 304 without a body when If-None-Match carries the current stamp.
   */
  @Get('live')
  async live(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const live = await this.liveStatus.of(auth, id);
    const etag = `"${live.stamp}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.headers['if-none-match'] === etag) return res.status(304).end();
    res.status(200).json(live);
  }

  /**
   * Every version of every round, oldest first, with the change request that led to it and the
   * secretary's answer (the dashboard's "Versioner"); the change request comes from the audit trail,
   * so it is null for a caller who may not read the trail.
   */
  @Get('versions')
  async versions(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    const status = await this.justeringStatus.execute({ caller: auth, protocolId: id });
    return versionHistory(status, await readableTrail(this.auditTrail, auth, id));
  }

  @Get('audit')
  audit(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.auditTrail.execute({ caller: auth, protocolId: id });
  }

  @Get('justering/:roundId/document.pdf')
  async document(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Res() res: Response) {
    const { bytes, fileName } = await this.roundDocument.execute({ caller: auth, protocolId: id, roundId });
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`).setHeader('Cache-Control', 'private, no-store').send(Buffer.from(bytes));
  }

  @Post('justering/:roundId/signatories/:signatoryId/remind')
  @HttpCode(200)
  async remind(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Req() req: Request) {
    await this.remindSignatory.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  @Post('justering/:roundId/signatories/:signatoryId/resend')
  @HttpCode(200)
  async resend(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Req() req: Request) {
    await this.resendLink.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  @Post('justering/:roundId/signatories/:signatoryId/email')
  @HttpCode(200)
  async email(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Body() dto: ChangeEmailDto, @Req() req: Request) {
    await this.changeSignatoryEmail.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, email: dto.email, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  @Post('justering/:roundId/signatories/:signatoryId/replace')
  @HttpCode(200)
  async replace(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Body() dto: ReplaceSignatoryDto, @Req() req: Request) {
    await this.replaceSignatory.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, name: dto.name, email: dto.email, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  @Post('justering/:roundId/cancel')
  @HttpCode(200)
  async cancel(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: CancelJusteringDto, @Req() req: Request) {
    await this.cancelJustering.execute({ caller: auth, callerName: auth.name, protocolId: id, roundId, reason: dto.reason, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  @Post('justering/:roundId/versions')
  @HttpCode(201)
  async newVersion(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: NewVersionDto, @Req() req: Request) {
    await this.freezeNewVersion.execute({ caller: auth, protocolId: id, roundId, protocol: dto.protocol, reason: dto.reason, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }

  /** A corrected PDF of an uploaded protocol becomes the round's new version (same rules as a structured one). */
  @Post('justering/:roundId/versions/upload')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadVersionDto })
  @UseInterceptors(FileInterceptor('file'))
  async newVersionUpload(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: UploadVersionDto, @UploadedFile() file: File | undefined, @Req() req: Request) {
    // The file is checked (and parsed in the PDF pool) only when the use case has checked the access.
    const upload = { read: () => this.protocols.checkUploadedPdf(file), fileName: file?.originalname.slice(0, 255) || 'protokoll.pdf' };
    await this.freezeNewVersion.execute({ caller: auth, protocolId: id, roundId, reason: dto.reason, upload, meta: requestMeta(req) });
    return this.answer(auth, id, roundId);
  }
}

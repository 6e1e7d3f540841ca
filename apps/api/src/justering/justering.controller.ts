import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Auth, AuthContext } from '../auth/auth-context';
import { ProtocolsService } from '../protocols/protocols.service';
import type { UploadedFile as File } from '../protocols/uploaded-pdf';
import { CancelJusteringDto, ChangeEmailDto, NewVersionDto, ReplaceSignatoryDto, StartJusteringDto, UploadVersionDto } from './justering.dto';
import { CancelJustering, ChangeSignatoryEmail, RemindSignatory, ResendLink } from '@justera/justering';
import { JusteringService, RequestMeta } from './justering.service';

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
    private readonly justering: JusteringService,
    private readonly protocols: ProtocolsService,
    private readonly remindSignatory: RemindSignatory,
    private readonly resendLink: ResendLink,
    private readonly changeSignatoryEmail: ChangeSignatoryEmail,
    private readonly cancelJustering: CancelJustering,
  ) {}

  @Post('justering')
  start(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StartJusteringDto, @Req() req: Request) {
    return this.justering.start(auth, id, dto, requestMeta(req));
  }

  @Get('status')
  status(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.justering.status(auth, id);
  }

  @Get('audit')
  audit(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.justering.auditTrail(auth, id);
  }

  @Get('justering/:roundId/document.pdf')
  async document(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Res() res: Response) {
    const { bytes, fileName } = await this.justering.document(auth, id, roundId);
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`).setHeader('Cache-Control', 'private, no-store').send(bytes);
  }

  @Post('justering/:roundId/signatories/:signatoryId/remind')
  @HttpCode(200)
  async remind(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Req() req: Request) {
    await this.remindSignatory.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, meta: requestMeta(req) });
    return this.justering.statusAfterCommit(auth, id, roundId);
  }

  @Post('justering/:roundId/signatories/:signatoryId/resend')
  @HttpCode(200)
  async resend(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Req() req: Request) {
    await this.resendLink.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, meta: requestMeta(req) });
    return this.justering.statusAfterCommit(auth, id, roundId);
  }

  @Post('justering/:roundId/signatories/:signatoryId/email')
  @HttpCode(200)
  async email(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Body() dto: ChangeEmailDto, @Req() req: Request) {
    await this.changeSignatoryEmail.execute({ caller: auth, protocolId: id, roundId, signatoryId: sid, email: dto.email, meta: requestMeta(req) });
    return this.justering.statusAfterCommit(auth, id, roundId);
  }

  @Post('justering/:roundId/signatories/:signatoryId/replace')
  @HttpCode(200)
  replace(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Param('signatoryId', ParseUUIDPipe) sid: string, @Body() dto: ReplaceSignatoryDto, @Req() req: Request) {
    return this.justering.replaceSignatory(auth, id, roundId, sid, dto, requestMeta(req));
  }

  @Post('justering/:roundId/cancel')
  @HttpCode(200)
  async cancel(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: CancelJusteringDto, @Req() req: Request) {
    await this.cancelJustering.execute({ caller: auth, callerName: auth.name, protocolId: id, roundId, reason: dto.reason, meta: requestMeta(req) });
    return this.justering.statusAfterCommit(auth, id, roundId);
  }

  @Post('justering/:roundId/versions')
  @HttpCode(201)
  newVersion(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: NewVersionDto, @Req() req: Request) {
    return this.justering.newVersion(auth, id, roundId, dto, requestMeta(req));
  }

  /** A corrected PDF of an uploaded protocol becomes the round's new version (same rules as a structured one). */
  @Post('justering/:roundId/versions/upload')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadVersionDto })
  @UseInterceptors(FileInterceptor('file'))
  newVersionUpload(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: UploadVersionDto, @UploadedFile() file: File | undefined, @Req() req: Request) {
    const read = () => this.protocols.checkUploadedPdf(file);
    return this.justering.newVersion(auth, id, roundId, { reason: dto.reason }, requestMeta(req), { read, fileName: file?.originalname.slice(0, 255) || 'protokoll.pdf' });
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { protocolSchema } from '@justera/protocol';
import { Auth, AuthContext, Public } from '../auth/auth-context';
import { CreateProtocolDto, DocxImportResponse, ImportDocxDto, ListProtocolsQuery, UpdateMetadataDto, UpdateProtocolDto, UploadProtocolDto } from './protocols.dto';
import { ProtocolsService, UploadedFile as File } from './protocols.service';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('api')
export class ProtocolsController {
  constructor(private readonly protocols: ProtocolsService) {}

  @Get('schemas/protocol.json')
  @Public()
  schema() {
    return protocolSchema;
  }

  @Post('protocols')
  create(@Auth() auth: AuthContext, @Body() dto: CreateProtocolDto) {
    return this.protocols.create(auth, dto.organId, dto.protocol, dto.draft === true);
  }

  /** The fields are checked by the use case (not the global pipe), with the file and the signatories, so one answer names every mistake. */
  @Post('protocols/upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadProtocolDto })
  @UseInterceptors(FileInterceptor('file'))
  upload(@Auth() auth: AuthContext, @Body() fields: Record<string, unknown>, @UploadedFile() file: File | undefined) {
    return this.protocols.upload(auth, fields, file);
  }

  /**
   * Reads a Word document (.docx) into a protocol draft and answers the draft, what was recognised
   * and set aside, and the validation result — without saving (save with POST /api/protocols).
   * 415 not a .docx, 413 too big, 422 nothing recognisable (docs/import.md).
   */
  @Post('protocols/import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportDocxDto })
  @ApiOkResponse({ type: DocxImportResponse })
  @UseInterceptors(FileInterceptor('file'))
  importDocx(@Auth() auth: AuthContext, @Body() fields: Record<string, unknown>, @UploadedFile() file: File | undefined) {
    return this.protocols.importDocx(auth, fields, file);
  }

  @Get('protocols')
  list(@Auth() auth: AuthContext, @Query() q: ListProtocolsQuery) {
    return this.protocols.list(auth, q.limit ?? 50, q.offset ?? 0, q.organId);
  }

  @Get('protocols/:id')
  get(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.protocols.get(auth, id);
  }

  @Put('protocols/:id')
  update(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProtocolDto) {
    return this.protocols.update(auth, id, dto.protocol, dto.rowVersion, dto.draft === true);
  }

  /** Checked by the use case, like the upload: the fields and the signatories in one answer. */
  @Put('protocols/:id/metadata')
  @ApiBody({ type: UpdateMetadataDto })
  updateMetadata(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() fields: Record<string, unknown>) {
    return this.protocols.updateMetadata(auth, id, fields);
  }

  @Delete('protocols/:id')
  @HttpCode(204)
  async remove(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    await this.protocols.remove(auth, id);
  }

  @Get('protocols/:id/pdf')
  async pdf(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.protocols.pdf(auth, id);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .setHeader('Cache-Control', 'private, no-store')
      .send(Buffer.from(bytes));
  }
}

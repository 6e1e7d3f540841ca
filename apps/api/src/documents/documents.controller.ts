import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, type AuthContext } from '../auth/auth-context';
import { ProtocolDocumentsService } from './protocol-documents.service';

/** A protocol's documents (docs/glossary.md, "The documents of a protocol"), for whoever may read the protocol. */
@ApiTags('protocols')
@ApiBearerAuth()
@Controller('api/protocols/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: ProtocolDocumentsService) {}

  /** Each document with its kind, Swedish name, SHA-256, size and download URL. */
  @Get()
  list(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.documents.forCaller(auth, id);
  }

  /** Exactly the bytes whose SHA-256 the list gives. */
  @Get(':documentId')
  async file(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('documentId', ParseUUIDPipe) documentId: string, @Res() res: Response) {
    const { bytes, fileName, document } = await this.documents.file(auth, id, documentId);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('X-Content-SHA256', document.sha256)
      .send(bytes);
  }
}

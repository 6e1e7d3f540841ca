import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProtocolDocuments } from '@justera/justering';
import { Auth, type AuthContext } from '../auth/auth-context';

/**
 * A protocol's documents (docs/glossary.md, "The documents of a protocol"), for whoever may read the
 * protocol: libs/justering's query `ProtocolDocuments` (which documents, their names, hashes, URLs).
 */
@ApiTags('protocols')
@ApiBearerAuth()
@Controller('api/protocols/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: ProtocolDocuments) {}

  /** Each document with its kind, Swedish name, SHA-256, size and download URL. */
  @Get()
  list(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.documents.execute({ caller: auth, protocolId: id });
  }

  /** Exactly the bytes whose SHA-256 the list gives. */
  @Get(':documentId')
  async file(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Param('documentId', ParseUUIDPipe) documentId: string, @Res() res: Response) {
    const { bytes, fileName, document } = await this.documents.file({ caller: auth, protocolId: id, documentId });
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('X-Content-SHA256', document.sha256)
      .send(Buffer.from(bytes));
  }
}

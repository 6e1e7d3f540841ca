import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GetEvidence } from '@justera/justering';
import { Auth, type AuthContext } from '../auth/auth-context';
import { EvidencePdfService } from './evidence-pdf.service';

/** The Verifieringsunderlag of a protocol: for the organ's secretary, a revisor or an admin. */
@ApiTags('evidence')
@Controller('api/protocols/:id')
export class EvidenceController {
  constructor(
    private readonly getEvidence: GetEvidence,
    private readonly pdfs: EvidencePdfService,
  ) {}

  @Get('evidence.json')
  json(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.getEvidence.execute({ caller: auth, protocolId: id });
  }

  @Get('evidence.pdf')
  async pdf(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const pdf = await this.pdfs.sealedPdf(await this.getEvidence.execute({ caller: auth, protocolId: id }), auth.principal.organisationId);
    res.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="verifieringsunderlag-${id}.pdf"`).send(pdf);
  }
}

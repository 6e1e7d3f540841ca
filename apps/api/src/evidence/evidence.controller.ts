import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, type AuthContext } from '../auth/auth-context';
import { EvidenceService } from './evidence.service';

/** The Verifieringsunderlag of a protocol: for the organ's secretary, a revisor or an admin. */
@ApiTags('evidence')
@Controller('api/protocols/:id')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get('evidence.json')
  json(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.evidence.forCaller(auth, id);
  }

  @Get('evidence.pdf')
  async pdf(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const pdf = await this.evidence.sealedPdf(await this.evidence.forCaller(auth, id), auth.principal.organisationId);
    res.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="verifieringsunderlag-${id}.pdf"`).send(pdf);
  }
}

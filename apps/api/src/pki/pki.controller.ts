import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { KeysService } from '@justera/keys';
import { Public } from '../auth/auth-context';

/** The public half of the signing PKI: the root auditors trust and the issuing CA's CRL. */
@ApiTags('pki')
@Controller('pki')
export class PkiController {
  constructor(private readonly keys: KeysService) {}

  @Get('root.pem')
  @Public()
  root(@Res() res: Response) {
    res.type('application/x-pem-file').setHeader('Content-Disposition', 'inline; filename="justera-root.pem"').send(this.keys.rootPem());
  }

  @Get('root.crl')
  @Public()
  rootCrl(@Res() res: Response) {
    const crl = this.keys.rootCrl();
    if (!crl) return res.status(404).type('text/plain').send('Rotens spärrlista publiceras av den som förvaltar rotnyckeln.');
    res.type('application/pkix-crl').setHeader('Cache-Control', 'public, max-age=3600').send(crl);
  }

  @Get('issuing.crl')
  @Public()
  crl(@Res() res: Response) {
    res.type('application/pkix-crl').setHeader('Cache-Control', 'public, max-age=3600').send(this.keys.crl());
  }
}

import { Controller, Get, Header, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth-context';
import { ADMIN_KEYS_SCRIPT, DASHBOARD_SCRIPT, FAVICON, STYLESHEET } from './stylesheet';

/**
 * Serves the pages' one stylesheet and their two scripts (the dashboard's, the API key page's). The hashed URL the pages link to
 * never changes content, so it is cached for a year (immutable); any other hash is 404 (an old page
 * after an upgrade loads `/assets/justera.css`, which revalidates by ETag).
 */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get(':name')
  @Public()
  @Header('X-Content-Type-Options', 'nosniff')
  stylesheet(@Param('name') name: string, @Req() req: Request, @Res() res: Response) {
    for (const script of [DASHBOARD_SCRIPT, ADMIN_KEYS_SCRIPT]) {
      if (`/assets/${name}` !== script.path) continue;
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('ETag', script.etag);
      if (req.headers['if-none-match'] === script.etag) return res.status(304).end();
      return res.status(200).type('text/javascript; charset=utf-8').send(script.js);
    }
    const hashed = name === `justera.${STYLESHEET.hash}.css`;
    if (!hashed && name !== 'justera.css') throw new NotFoundException('Filen finns inte.');
    res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
    res.setHeader('ETag', STYLESHEET.etag);
    if (req.headers['if-none-match'] === STYLESHEET.etag) return res.status(304).end();
    res.status(200).type('text/css; charset=utf-8').send(STYLESHEET.css);
  }
}

/**
 * The site's icon at the addresses browsers ask for: /favicon.svg (linked from every page) and
 * /favicon.ico (asked for by browsers and crawlers on their own; a 404 there only made log noise).
 */
@ApiExcludeController()
@Controller()
export class FaviconController {
  @Get('favicon.ico')
  @Public()
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'public, max-age=86400')
  ico(@Res() res: Response) {
    res.status(200).type('image/x-icon').send(FAVICON.ico);
  }

  @Get('favicon.svg')
  @Public()
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'public, max-age=86400')
  svg(@Res() res: Response) {
    res.status(200).type('image/svg+xml').send(FAVICON.svg);
  }
}

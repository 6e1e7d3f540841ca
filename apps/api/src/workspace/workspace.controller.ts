import { Controller, Get, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthContext, OptionalAuth, Public } from '../auth/auth-context';
import { DomainError } from '@justera/application';

/** Where `npm run build` puts the workspace (apps/web → dist/web). */
export function webDir(): string | null {
  // dist/apps/api/src/workspace → dist/web; from the sources (ts-node, tests on src) the built copy in dist/web.
  const candidates = [join(__dirname, '..', '..', '..', '..', 'web'), join(process.cwd(), 'dist', 'web')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? null;
}

/** The path the workspace is served on (its Content-Security-Policy allows scripts from this origin). */
export const WORKSPACE_PATH = '/arbetsyta';

/**
 * The secretary's workspace (apps/web, a Vite-built React app): every path under /arbetsyta answers
 * the same index.html for a logged-in user, who is otherwise sent to the login page. The app talks to
 * the JSON API on the same origin with the session cookie and the CSRF token from GET /api/me. Its
 * hashed assets are static files under /arbetsyta/assets (main.ts).
 */
@ApiExcludeController()
@Controller()
export class WorkspaceController {
  private index: string | null = null;

  @Get(['arbetsyta', 'arbetsyta/*path'])
  @Public()
  page(@OptionalAuth() auth: AuthContext | undefined, @Req() req: Request, @Res() res: Response) {
    if (req.path.startsWith(`${WORKSPACE_PATH}/assets/`)) throw new DomainError('not_found', 'Filen finns inte.');
    if (auth?.via !== 'session') return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (this.index === null) {
      const dir = webDir();
      if (!dir) throw new ServiceUnavailableException('Arbetsytan är inte byggd på servern. Kör npm run build.'); // an installation fault, not a domain error
      this.index = readFileSync(join(dir, 'index.html'), 'utf8');
    }
    res.status(200).type('html').setHeader('Cache-Control', 'no-store').send(this.index);
  }
}

import { createParamDecorator, ExecutionContext, SetMetadata, UnauthorizedException } from '@nestjs/common';
import type { Principal } from '@justera/auth';
import type { Request } from 'express';

/** Who is calling: the policy principal plus how they proved it. */
export interface AuthContext {
  principal: Principal;
  name: string;
  via: 'session' | 'apiKey';
  /** Session id (for the CSRF token) when via = session. */
  sessionId?: string;
  csrfToken?: string;
}

export type AuthedRequest = Request & { auth?: AuthContext; id?: string };

export const IS_PUBLIC = 'justera:isPublic';
/** Marks a route as open to anyone (health, signing links, anslagstavla, validation, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller of a non-public route. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.auth) throw new UnauthorizedException('Inloggning krävs.');
  return req.auth;
});

/** The caller if any (for public pages that show more to a logged-in user). */
export const OptionalAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext | undefined => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().auth;
});

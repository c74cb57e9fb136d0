import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app/deps.ts';
import { signIn, signOut } from '../../../app/identity/sign-in.ts';
import { errorReply } from '../../../contracts/common.ts';
import { meReply, signInBody, signInReply, visitorTokenReply } from '../../../contracts/identity.ts';
import { principalOf, SESSION_COOKIE } from '../../auth.ts';
import { presentAgent, presentCustomer } from '../../presenters.ts';

const tags = ['identity'];

export interface IdentityRouteOptions {
  secureCookies: boolean;
  visitorRateLimitPerMinute: number;
}

/** Agent sign-in (session cookie), visitor tokens, and "who am I". */
export function identityRoutes(deps: AppDeps, options: IdentityRouteOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/auth/sign-in', {
      config: {
        access: 'public',
        // Password guessing: a handful of tries per minute per address.
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags,
        summary: 'Agent sign-in with email and password; sets an httpOnly session cookie',
        body: signInBody,
        response: { 200: signInReply, 400: errorReply, 401: errorReply, 429: errorReply },
      },
    }, async (request, reply) => {
      const session = await signIn(deps, request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        path: '/',
        expires: session.expiresAt,
      });
      return { agent: presentAgent(session.agent), expiresAt: session.expiresAt.toISOString() };
    });

    app.post('/auth/sign-out', {
      config: { access: 'public' },
      schema: { tags, summary: 'End the agent session', response: { 204: z.null() } },
    }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await signOut(deps, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    app.get('/auth/me', {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'The signed-in agent or customer', response: { 200: meReply, 401: errorReply } },
    }, async (request) => {
      const principal = principalOf(request);
      return principal.kind === 'agent'
        ? { kind: 'agent' as const, agent: presentAgent(principal) }
        : { kind: 'customer' as const, customer: presentCustomer(principal) };
    });

    app.post('/visitors', {
      config: {
        access: 'public',
        rateLimit: { max: options.visitorRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags,
        summary: 'A token for an anonymous website visitor (tightly rate-limited)',
        response: { 201: visitorTokenReply, 429: errorReply },
      },
    }, async (_request, reply) => {
      const visitor = await deps.customerTokens.issueVisitor();
      return reply.status(201).send({
        token: visitor.token,
        customer: presentCustomer(visitor.customer),
        expiresAt: visitor.expiresAt.toISOString(),
      });
    });
  };
}

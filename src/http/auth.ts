import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateSession } from '../app/identity/sign-in.ts';
import type { AppDeps } from '../app/deps.ts';
import { DomainError } from '../core/errors.ts';
import { can, type Permission, type Principal } from '../core/identity/roles.ts';

/**
 * What a route requires, declared in its `config.access`:
 * - `public`: anyone (health, docs, sign-in);
 * - `signed_in`: any customer, visitor or agent;
 * - `customer`: a customer or visitor token;
 * - `agent`: any signed-in agent;
 * - a permission name: a principal whose role grants it.
 */
export type Access = 'public' | 'signed_in' | 'customer' | 'agent' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'rd_session';

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new DomainError('token_invalid', 'Use Authorization: Bearer <token>');
  return token;
}

/** Resolve who is calling from a bearer token (customers, visitors) or a session cookie (agents). */
export async function resolvePrincipal(deps: AppDeps, request: FastifyRequest): Promise<Principal | null> {
  const token = bearerToken(request);
  if (token) return deps.customerTokens.verify(token);
  const session = request.cookies[SESSION_COOKIE];
  if (session) return authenticateSession(deps, session);
  return null;
}

function allowed(principal: Principal, access: Exclude<Access, 'public' | 'signed_in'>): boolean {
  if (access === 'customer') return principal.kind === 'customer';
  if (access === 'agent') return principal.kind === 'agent';
  return can(principal, access);
}

/**
 * The one authorisation hook, on every route: a route that does not declare its access is
 * refused, so forgetting to declare it can never open a route.
 */
export function registerAuthorization(app: FastifyInstance, deps: AppDeps, onCustomerSeen: (p: Principal) => void): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined && request.routeOptions.url !== undefined) {
      throw new DomainError('forbidden', 'This route declares no access rule');
    }
    if (access === 'public' || access === undefined) {
      // Public routes still learn who calls when a credential is present (for rate limits).
      request.principal = await resolvePrincipal(deps, request).catch(() => null);
      return;
    }
    const principal = await resolvePrincipal(deps, request);
    if (!principal) throw new DomainError('unauthenticated');
    request.principal = principal;
    onCustomerSeen(principal);
    if (access !== 'signed_in' && !allowed(principal, access)) throw new DomainError('forbidden');
  });
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new DomainError('unauthenticated');
  return request.principal;
}

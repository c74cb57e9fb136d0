import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app/deps.ts';
import { errorReply } from '../../../contracts/common.ts';
import { DomainError } from '../../../core/errors.ts';

export type DemoTokenSigner = (claims: { sub: string; name: string; email: string; locale: string; tier: string }) => Promise<string>;

const tags = ['demo'];

/**
 * Demo mode only (DEMO_MODE, on by default in embedded mode, refused in production): plays the
 * exchange's part by signing customer tokens for the simulated exchange's demo customers.
 */
export function demoRoutes(deps: AppDeps, sign: DemoTokenSigner): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/demo/customer-token', {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign a customer token for a demo customer of the simulated exchange (demo mode only)',
        body: z.strictObject({ userId: z.string().regex(/^demo-\d{3}$/, 'a demo customer id such as demo-001') }),
        response: { 200: z.object({ token: z.string() }), 400: errorReply, 404: errorReply },
      },
    }, async (request) => {
      const account = await deps.exchange.getAccount(request.body.userId);
      if (!account) throw new DomainError('not_found', 'No demo customer with that id');
      const token = await sign({ sub: account.userId, name: account.name, email: account.email, locale: account.locale, tier: account.tier });
      return { token };
    });
  };
}

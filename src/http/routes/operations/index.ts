import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Metrics } from '../../metrics.ts';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const tags = ['operations'];
const checkResult = z.object({ status: z.enum(['ok', 'down']), checks: z.record(z.string(), z.string()) });

/** Liveness, readiness (database and bus reachable) and Prometheus metrics. */
export function operationsRoutes(metrics: Metrics, checks: ReadinessCheck[]): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', {
      config: { access: 'public', rateLimit: false },
      schema: { tags, summary: 'The process is alive', response: { 200: z.object({ status: z.literal('ok') }) } },
    }, async () => ({ status: 'ok' as const }));

    app.get('/readyz', {
      config: { access: 'public', rateLimit: false },
      schema: { tags, summary: 'Database and bus are reachable', response: { 200: checkResult, 503: checkResult } },
    }, async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2_000);
            return [name, 'ok'] as const;
          } catch (err) {
            return [name, `down: ${(err as Error).message}`] as const;
          }
        }),
      );
      const ok = results.every(([, result]) => result === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'down', checks: Object.fromEntries(results) });
    });

    app.get('/metrics', {
      config: { access: 'public', rateLimit: false },
      schema: { tags, summary: 'Prometheus metrics', hide: true },
    }, async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

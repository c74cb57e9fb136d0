import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app/deps.ts';
import type { Principal } from '../core/identity/roles.ts';
import { registerAuthorization } from './auth.ts';
import { registerErrorHandling, sendError } from './errors.ts';
import type { Metrics } from './metrics.ts';
import { RealtimeGateway, type GatewayOptions } from './realtime/gateway.ts';
import { botRoutes } from './routes/bot/index.ts';
import { secretsRoutes } from './routes/secrets/index.ts';
import { routingRoutes } from './routes/routing/index.ts';
import { slaRoutes } from './routes/sla/index.ts';
import { kbRoutes } from './routes/kb/index.ts';
import { conversationRoutes } from './routes/conversations/index.ts';
import { demoRoutes, type DemoTokenSigner } from './routes/demo/index.ts';
import { identityRoutes } from './routes/identity/index.ts';
import { operationsRoutes, type ReadinessCheck } from './routes/operations/index.ts';
import { homePage } from './routes/operations/home.ts';

export interface HttpDeps {
  app: AppDeps;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  logger: FastifyServerOptions['loggerInstance'] | boolean;
  /** Which parts this node serves (`relaydesk serve --roles`). */
  roles: { web: boolean; realtime: boolean };
  realtime: GatewayOptions;
  rateLimitPerMinute: number;
  visitorRateLimitPerMinute: number;
  secureCookies: boolean;
  /** Set in demo mode: signs tokens for the simulated exchange's demo customers. */
  demoTokens: DemoTokenSigner | null;
  /** Called for every authenticated customer request (profile upkeep). */
  onCustomerSeen?: (principal: Principal) => void;
}

export const API_PREFIX = '/api/v1';
const BODY_LIMIT = 64 * 1024;

/** Build the HTTP + websocket application. It never listens: main.ts does, tests use inject. */
export async function buildApp(deps: HttpDeps): Promise<{ app: FastifyInstance; gateway: RealtimeGateway | null }> {
  const app = Fastify({
    ...(typeof deps.logger === 'object' ? { loggerInstance: deps.logger } : { logger: deps.logger }),
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    // Per-request lines would dominate the log at thousands of requests per second; errors still log.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    // Reject unknown query/body fields: contracts are strict objects.
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: true,
    // The router's own refusals (malformed percent-encoding, a path parameter over 100 chars)
    // leave in the same `{ error }` envelope as every other error, not Fastify's default body.
    frameworkErrors: (err, request, reply) => sendError(reply, request, err.code === 'FST_ERR_ASYNC_CONSTRAINT' ? 'internal' : 'validation_failed', err.message),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(cookie);
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: true } });
  registerAuthorization(app, deps.app, deps.onCustomerSeen ?? (() => undefined));
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: (request) => {
      const principal = request.principal;
      return !principal || (principal.kind === 'customer' && principal.visitor)
        ? deps.visitorRateLimitPerMinute
        : deps.rateLimitPerMinute;
    },
    timeWindow: '1 minute',
    keyGenerator: (request) => {
      const principal = request.principal;
      if (principal?.kind === 'agent') return `agent:${principal.agentId}`;
      if (principal?.kind === 'customer') return `customer:${principal.customerId}`;
      return `ip:${request.ip}`;
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500) request.log.warn({ url: request.url, status: reply.statusCode }, 'server error');
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'relaydesk API',
        version: '1',
        description: 'Customer support for crypto exchanges. Customers authenticate with a token signed by the exchange (Authorization: Bearer); agents with the session cookie from /auth/sign-in.',
      },
      components: {
        securitySchemes: {
          customerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          agentSession: { type: 'apiKey', in: 'cookie', name: 'rd_session' },
        },
      },
      security: [{ customerToken: [] }, { agentSession: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The UI's own static routes are public documentation.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), access: 'public' };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });

  await app.register(operationsRoutes(deps.metrics, deps.readiness));
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(homePage()),
  );

  if (deps.roles.web) {
    await app.register(identityRoutes(deps.app, { secureCookies: deps.secureCookies, visitorRateLimitPerMinute: deps.visitorRateLimitPerMinute }), { prefix: API_PREFIX });
    await app.register(conversationRoutes(deps.app, deps.metrics), { prefix: API_PREFIX });
    await app.register(botRoutes(deps.app), { prefix: API_PREFIX });
    await app.register(secretsRoutes(deps.app), { prefix: API_PREFIX });
    await app.register(routingRoutes(deps.app), { prefix: API_PREFIX });
    await app.register(slaRoutes(deps.app), { prefix: API_PREFIX });
    await app.register(kbRoutes(deps.app));
    if (deps.demoTokens) await app.register(demoRoutes(deps.app, deps.demoTokens), { prefix: API_PREFIX });
  }

  let gateway: RealtimeGateway | null = null;
  if (deps.roles.realtime) {
    const realtime = new RealtimeGateway(deps.app, deps.metrics, app.log, deps.realtime);
    gateway = realtime;
    // Before the plugin's own preClose, which closes every socket without a code (1005): ours
    // must run first so clients see 1001 "going away" and resume elsewhere.
    app.addHook('preClose', async () => realtime.stop());
    await app.register(websocket, { options: { maxPayload: BODY_LIMIT } });
    app.get('/ws', { websocket: true, config: { access: 'public', rateLimit: false }, schema: { hide: true } }, (socket, request) =>
      realtime.accept(socket, request),
    );
    realtime.start();
  }
  return { app, gateway };
}

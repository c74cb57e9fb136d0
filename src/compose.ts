/**
 * The composition root: reads the config, picks the adapters, and wires ports into the use cases
 * and the HTTP layer. The only file outside src/adapters that imports adapters.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { asIntentExamples, handOverUnderstander, loadMessageUnderstander } from './adapters/bot/message-understander.ts';
import { createMemoryBus } from './adapters/bus/memory-bus.ts';
import { connectNatsBus } from './adapters/bus/nats-bus.ts';
import { seedSimulatedExchange } from './adapters/exchange/simulated/demo-data.ts';
import { SimulatedExchange } from './adapters/exchange/simulated/simulated-exchange.ts';
import { argon2PasswordHasher } from './adapters/identity/argon2-password-hasher.ts';
import { createJwtCustomerTokens, signCustomerToken } from './adapters/identity/jwt-customer-tokens.ts';
import { migrate } from './adapters/store/migrate.ts';
import { openPglite } from './adapters/store/pglite.ts';
import { openPostgres } from './adapters/store/postgres.ts';
import type { Database } from './adapters/store/sql-client.ts';
import { loadShippedIntentModel } from './adapters/content/intent-model-files.ts';
import { readKbArticles } from './adapters/kb/kb-files.ts';
import { SqlKnowledgeBase } from './adapters/kb/sql-knowledge-base.ts';
import { readSecretsWarnings } from './adapters/secrets/warnings-file.ts';
import { SqlBotStore } from './adapters/store/sql-bot-store.ts';
import { SqlSecretsStore } from './adapters/store/sql-secrets-store.ts';
import { SqlRoutingStore } from './adapters/store/sql-routing-store.ts';
import { SqlSlaStore } from './adapters/store/sql-sla-store.ts';
import { SlaTracker } from './app/sla/sla-tracker.ts';
import { RoutingDispatcher, dispatcherWakeOverBus } from './app/routing/dispatcher.ts';
import { routingPolicyOf } from './core/routing/index.ts';
import { SqlJobQueue } from './adapters/store/sql-job-queue.ts';
import { SqlStore } from './adapters/store/sql-store.ts';
import { seedDemo } from './app/demo/seed-demo.ts';
import type { AppDeps } from './app/deps.ts';
import { addTrainingExamples } from './app/bot/add-training-examples.ts';
import { readIntentCatalogue } from './adapters/bot/bot-content.ts';
import { parseExampleFile } from './core/bot/intents/index.ts';
import { languages, type Language } from './core/conversations/types.ts';
import { EventPublisher } from './app/events/event-publisher.ts';
import { rememberCustomers } from './app/identity/remember-customer.ts';
import { jobHandlers } from './app/jobs/handlers.ts';
import { defaultWorkerOptions, JobWorker, type JobWorkerOptions } from './app/jobs/job-worker.ts';
import type { Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { createMetrics } from './http/metrics.ts';
import type { RealtimeGateway } from './http/realtime/gateway.ts';
import type { MessageUnderstander } from './ports/bot.ts';
import { busSubjects, type Bus } from './ports/bus.ts';
import { isWireEvent, type WireEvent } from './app/events/wire-event.ts';
import { systemClock, type Clock } from './ports/clock.ts';

export interface Platform {
  config: Config;
  app: FastifyInstance;
  deps: AppDeps;
  gateway: RealtimeGateway | null;
  worker: JobWorker | null;
  logger: Logger;
  /** Stop everything in order: connections, jobs, outbox, bus, database. */
  close(): Promise<void>;
}

export interface ComposeOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Reuse an open database (tests); it is not closed with the platform. */
  database?: Database;
  bus?: Bus;
  workerOptions?: Partial<typeof defaultWorkerOptions>;
  /** A bot that understands messages some other way (tests script it). */
  understander?: MessageUnderstander;
}

/** The intent model trained on content/intents, cached by content hash (the CLI's eval uses it too). */
export { loadShippedIntentModel };

/** content/ of this package: the bot's texts, intents and knowledge base. */
export const contentDir = fileURLToPath(new URL('../content', import.meta.url));

/** Open (and migrate) the configured database: PostgreSQL in cluster mode, PGlite otherwise. */
export async function openDatabase(config: Config): Promise<Database> {
  const db = config.DATABASE_URL
    ? await openPostgres({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })
    : await openPglite(join(config.DATA_DIR, 'pgdata'));
  await migrate(db);
  return db;
}

function modelCacheDir(config: Config): string {
  return config.MODEL_CACHE_DIR ?? join(config.DATA_DIR, 'models');
}

/**
 * `relaydesk train`: store the labelled examples of `addFile` (if given), then train the intent
 * model on content/intents plus every stored example and cache it where `serve` will load it.
 */
export async function trainBot(config: Config, options: { addFile?: string | undefined }): Promise<{ added: number; skipped: number; extraExamples: number; trainedNow: boolean; seconds: number }> {
  const db = await openDatabase(config);
  try {
    const botStore = new SqlBotStore(db);
    const catalogue = await readIntentCatalogue(contentDir);
    let added = 0;
    let skipped = 0;
    if (options.addFile) {
      const examples = parseExampleFile(options.addFile, await readFile(options.addFile, 'utf8'));
      const languageOf = (lang: string | undefined) => (languages as readonly string[]).includes(lang ?? '') ? (lang as Language) : undefined;
      ({ added, skipped } = await addTrainingExamples({ botStore, catalogue, clock: systemClock }, null,
        examples.map((e) => ({ text: e.text, intent: e.intent, language: languageOf(e.lang) }))));
    }
    const extra = asIntentExamples(await botStore.trainingExamples());
    const shipped = await loadShippedIntentModel({ contentDir: join(contentDir, 'intents'), cacheDir: modelCacheDir(config), extraExamples: extra });
    return { added, skipped, extraExamples: extra.length, trainedNow: shipped.trainedNow, seconds: shipped.seconds };
  } finally {
    await db.close();
  }
}

/** Seed the simulated exchange and the demo agents and conversations, if not done before. */
export async function seedDatabase(db: Database, deps: AppDeps): Promise<boolean> {
  await seedSimulatedExchange(db.sql, deps.clock.now());
  return (await seedDemo(deps)).seeded;
}

export async function composePlatform(config: Config, overrides: ComposeOverrides = {}): Promise<Platform> {
  const logger = overrides.logger ?? pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] });
  const clock = overrides.clock ?? systemClock;
  const db = overrides.database ?? (await openDatabase(config));
  const bus = overrides.bus ?? (config.NATS_URL
    ? await connectNatsBus({
        url: config.NATS_URL,
        name: `relaydesk-${process.pid}`,
        onError: (err) => logger.warn({ err }, 'bus error'),
        onStatus: (status) => logger.info({ status }, 'bus status'),
      })
    : createMemoryBus({ onError: (err) => logger.warn({ err }, 'bus handler failed') }));
  const store = new SqlStore(db);
  const knowledge = new SqlKnowledgeBase(db, (slug, language) => `/help/${slug}?lang=${language}`);
  const botStore = new SqlBotStore(db);
  const catalogue = await readIntentCatalogue(contentDir);
  const intentDepartments = new Map(catalogue.intents.map((intent) => [intent.id, intent.department]));
  await knowledge.seed(await readKbArticles(join(contentDir, 'kb'), intentDepartments), clock.now());
  const deps: AppDeps = {
    store,
    jobs: new SqlJobQueue(db),
    bus,
    clock,
    exchange: new SimulatedExchange(db.sql, clock),
    passwords: argon2PasswordHasher,
    customerTokens: await createJwtCustomerTokens({
      algorithm: config.CUSTOMER_TOKEN_ALG,
      secret: config.CUSTOMER_TOKEN_SECRET,
      publicKeyPem: config.CUSTOMER_TOKEN_PUBLIC_KEY,
      issuer: config.CUSTOMER_TOKEN_ISSUER,
      visitorSecret: config.SESSION_SECRET ?? '',
    }),
    events: new EventPublisher(bus, store, clock, logger),
    understander: overrides.understander ?? (config.BOT_ENABLED
      ? await loadMessageUnderstander(contentDir, { modelCacheDir: modelCacheDir(config), logger, extraExamples: asIntentExamples(await botStore.trainingExamples()) })
      : await handOverUnderstander(contentDir)),
    knowledge,
    botStore,
    secretsWarnings: await readSecretsWarnings(contentDir),
    secrets: new SqlSecretsStore(db),
    routing: new SqlRoutingStore(db, config.ROUTING_TIER_BOOSTS),
    sla: new SqlSlaStore(db),
    routingPolicy: routingPolicyOf({ tierBoostSeconds: config.ROUTING_TIER_BOOSTS }),
    dispatcher: dispatcherWakeOverBus(bus),
    newId: uuidv7,
    settings: {
      autoCloseAfterMs: config.AUTO_CLOSE_AFTER_MS,
      reopenWindowMs: config.REOPEN_WINDOW_MS,
      sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000,
      botEnabled: config.BOT_ENABLED,
      awayToOfflineMs: config.ROUTING_AWAY_TO_OFFLINE_MS,
      routingSweepMs: config.ROUTING_SWEEP_MS,
    },
  };
  if (config.SEED_DEMO_DATA && (await seedDatabase(db, deps))) logger.info('seeded demo data');

  const roles = new Set(config.ROLES);
  const metrics = createMetrics(() => deps.jobs.depth(clock.now()));
  const demoSecret = config.DEMO_MODE && config.CUSTOMER_TOKEN_ALG === 'HS256' ? config.CUSTOMER_TOKEN_SECRET : undefined;
  const { app, gateway } = await buildApp({
    app: deps,
    metrics,
    logger,
    readiness: [
      { name: 'database', check: () => store.ping() },
      { name: 'bus', check: () => bus.ping() },
    ],
    roles: { web: roles.has('web'), realtime: roles.has('realtime') },
    realtime: {
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
      heartbeatMs: config.WS_HEARTBEAT_MS,
      authTimeoutMs: 10_000,
      visitorBudget: { perSecond: 5, burst: 20 },
      signedInBudget: { perSecond: 50, burst: 200 },
    },
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    visitorRateLimitPerMinute: config.VISITOR_RATE_LIMIT_PER_MINUTE,
    secureCookies: config.NODE_ENV === 'production',
    demoTokens: demoSecret ? (claims) => signCustomerToken(demoSecret, claims) : null,
    onCustomerSeen: rememberCustomers(store, (err) => logger.warn({ err }, 'could not store customer profile')),
  });

  const background = roles.has('worker') ? startWorkerRole(deps, db, config, logger, overrides.workerOptions) : null;

  return {
    config,
    app,
    deps,
    gateway,
    worker: background?.worker ?? null,
    logger,
    async close() {
      await app.close();
      await background?.stop();
      await deps.events.stop();
      if (!overrides.bus) await bus.close();
      if (!overrides.database) await db.close();
    },
  };
}

/**
 * What a worker node runs besides serving: the durable-job worker, the routing dispatcher, the
 * outbox sweep and (on PGlite) checkpoints. Wake-ups come over the bus from any node.
 */
function startWorkerRole(
  deps: AppDeps,
  db: Database,
  config: Config,
  logger: Logger,
  workerOptions: Partial<JobWorkerOptions> | undefined,
): { worker: JobWorker; stop(): Promise<void> } {
  const { bus } = deps;
  const worker = new JobWorker(deps, jobHandlers, logger, { ...defaultWorkerOptions, ...workerOptions });
  worker.start();
  const router = new RoutingDispatcher(deps, logger, config.ROUTING_SWEEP_MS);
  router.start();
  const slaTracker = new SlaTracker(deps, logger);
  slaTracker.start();
  const unsubscribes = [
    // A customer wrote to the bot, or pasted a secret: answer, warn and redact now rather than at
    // the next poll (any node may take it).
    bus.subscribe(busSubjects.conversationEvents, (event: unknown) => {
      if (isWireEvent(event) && event.payload.type === 'conversation.message_posted' && event.payload.authorKind === 'customer'
        && (event.conversation.state === 'bot' || (event.message?.metadata?.redactions?.length ?? 0) > 0)) worker.wake();
    }),
    // The queues change when a conversation enters one or an agent's slot frees up: route now.
    bus.subscribe(busSubjects.routing, () => router.wake()),
    bus.subscribe(busSubjects.conversationEvents, (event: unknown) => {
      if (isWireEvent(event) && changesQueues(event)) router.wake();
    }),
    // Thin listener: a conversation changed, so its SLA clocks get a durable job to catch up.
    bus.subscribe(busSubjects.conversationEvents, (event: unknown) => {
      if (isWireEvent(event)) slaTracker.onEvent(event);
    }),
  ];
  deps.events.startSweeping();
  // Single-user PGlite has no background checkpointer: without this its WAL only grows.
  const checkpoint = db.kind === 'pglite'
    ? setInterval(() => {
      db.sql.query('CHECKPOINT').catch((err: unknown) => logger.warn({ err }, 'checkpoint failed'));
    }, 5 * 60_000)
    : null;
  checkpoint?.unref();
  return {
    worker,
    async stop() {
      if (checkpoint) clearInterval(checkpoint);
      for (const unsubscribe of unsubscribes) unsubscribe();
      slaTracker.stop();
      await router.stop();
      await worker.stop();
    },
  };
}

/** Events after which a dispatch round may assign someone: a conversation queued, or a slot freed. */
function changesQueues(event: WireEvent): boolean {
  switch (event.payload.type) {
    case 'conversation.created':
      return event.conversation.state === 'queued';
    case 'conversation.status_changed':
    case 'conversation.transferred':
      return true;
    default:
      return false;
  }
}

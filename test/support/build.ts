/**
 * `build()` gives a test its own platform: a fresh migrated database (PGlite, or PostgreSQL when
 * asked), an in-process bus, the HTTP app (never listening unless `listen: true`), and helpers to
 * act as a customer or an agent. Close it in afterAll/afterEach.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { signCustomerToken } from '../../src/adapters/identity/jwt-customer-tokens.ts';
import { composePlatform, type ComposeOverrides, type Platform } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { signIn } from '../../src/app/identity/sign-in.ts';
import { SESSION_COOKIE } from '../../src/http/auth.ts';
import type { Role } from '../../src/core/identity/roles.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';
import { scriptedUnderstander } from './scripted-understander.ts';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestPlatform {
  platform: Platform;
  database: TestDatabase;
  /** Base URL when started with `listen: true`. */
  url: string | null;
  /** A token as the exchange would sign it for a new customer (or the one named). */
  customerToken(claims?: { sub?: string; locale?: string; name?: string }): Promise<{ token: string; sub: string }>;
  /** Create an agent with these roles and sign in; returns the session cookie header. */
  agent(roles?: Role[]): Promise<{ id: string; cookie: string; email: string }>;
  close(): Promise<void>;
}

export interface BuildOptions extends ComposeOverrides {
  kind?: DatabaseKind;
  env?: Record<string, string>;
  listen?: boolean;
}

export async function build(options: BuildOptions = {}): Promise<TestPlatform> {
  const database = await createTestDatabase(options.kind ?? 'pglite');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CUSTOMER_TOKEN_SECRET: TEST_SECRET,
    SESSION_SECRET: TEST_SECRET,
    SEED_DEMO_DATA: 'false',
    DEMO_MODE: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    // The conversation model's tests place conversations themselves; bot tests turn the bot on.
    BOT_ENABLED: 'false',
    ...options.env,
  });
  const platform = await composePlatform(config, {
    logger: pino({ level: 'silent' }),
    database: database.db,
    understander: await scriptedUnderstander(),
    ...options,
  });
  let url: string | null = null;
  if (options.listen) {
    await platform.app.listen({ host: '127.0.0.1', port: 0 });
    const address = platform.app.server.address();
    if (typeof address === 'object' && address) url = `http://127.0.0.1:${address.port}`;
  }
  return {
    platform,
    database,
    url,
    async customerToken(claims = {}) {
      const sub = claims.sub ?? `cust-${randomUUID()}`;
      const token = await signCustomerToken(TEST_SECRET, { sub, name: claims.name ?? 'Test Customer', locale: claims.locale ?? 'en' });
      return { token, sub };
    },
    async agent(roles: Role[] = ['agent']) {
      const email = `agent-${randomUUID()}@example.test`;
      const password = 'correct horse battery staple';
      const { deps } = platform;
      const id = deps.newId();
      await deps.store.createAgent({ id, email, name: 'Agent Smith', roles, passwordHash: await deps.passwords.hash(password), active: true });
      // Through the use case rather than the route: the route allows 10 sign-ins a minute per
      // address (test/integration/http), and one test may need more agents than that.
      const session = await signIn(deps, email, password);
      return { id, cookie: `${SESSION_COOKIE}=${session.token}`, email };
    },
    async close() {
      await platform.close();
      await database.drop();
    },
  };
}

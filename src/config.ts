/**
 * The one config module: every environment variable the platform reads, with its description,
 * default, whether it is sensitive, and when it is required. `loadConfig` validates all of them at
 * once and reports every problem together; `.env.example` is generated from this list
 * (`relaydesk env-example`) and a test keeps the two in step.
 */
import { z } from 'zod';

interface Variable<T extends z.ZodType> {
  description: string;
  schema: T;
  /** Shown masked in logs and `relaydesk config`. */
  sensitive?: boolean;
  /** The value written into .env.example (defaults are applied by the schema). */
  example?: string;
}

const durationMs = z.coerce.number().int().min(0);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const variables = {
  NODE_ENV: {
    description: 'production, development or test',
    schema: z.enum(['production', 'development', 'test']).default('development'),
  },
  HOST: { description: 'Interface to listen on', schema: z.string().default('0.0.0.0') },
  PORT: { description: 'HTTP and websocket port', schema: z.coerce.number().int().min(0).max(65535).default(3000) },
  PUBLIC_URL: {
    description: 'Address users reach this platform at (printed at start, used in links)',
    schema: z.url().optional(),
    example: 'http://localhost:3000',
  },
  DATA_DIR: {
    description: 'Folder of the embedded PostgreSQL (PGlite), used when DATABASE_URL is not set',
    schema: z.string().min(1).default('./data'),
  },
  DATABASE_URL: {
    description: 'PostgreSQL 15+ server for cluster mode (postgres://...); unset = embedded PGlite in DATA_DIR',
    schema: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
    sensitive: true,
    example: '',
  },
  DATABASE_POOL_SIZE: {
    description: 'Connections per node to PostgreSQL (about 10 fits 2 cores)',
    schema: z.coerce.number().int().min(1).max(200).default(10),
  },
  NATS_URL: {
    description: 'NATS server(s) for cross-node events in cluster mode, comma-separated; unset = in-process bus',
    schema: z.string().regex(/^nats:\/\//, 'must start with nats://').optional(),
    example: '',
  },
  ROLES: {
    description: 'What this node runs: any of web, realtime, worker (comma-separated)',
    schema: z
      .string()
      .default('web,realtime,worker')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(['web', 'realtime', 'worker'])).min(1)),
  },
  SEED_DEMO_DATA: {
    description: 'Seed demo agents, customers and the simulated exchange on an empty database',
    schema: bool.optional(),
    example: 'true',
  },
  SESSION_SECRET: {
    description: 'Secret that signs visitor tokens (32+ characters). Required in production',
    schema: z.string().min(32).optional(),
    sensitive: true,
    example: '',
  },
  SESSION_TTL_HOURS: {
    description: 'How long an agent stays signed in',
    schema: z.coerce.number().int().min(1).max(24 * 30).default(12),
  },
  CUSTOMER_TOKEN_ALG: {
    description: 'Algorithm of the customer tokens your exchange signs: HS256 or ES256',
    schema: z.enum(['HS256', 'ES256']).default('HS256'),
  },
  CUSTOMER_TOKEN_SECRET: {
    description: 'HS256 shared secret for customer tokens (32+ characters). Required in production with HS256',
    schema: z.string().min(32).optional(),
    sensitive: true,
    example: '',
  },
  CUSTOMER_TOKEN_PUBLIC_KEY: {
    description: 'ES256 public key (PEM, \\n for newlines) for customer tokens; required with ES256',
    schema: z.string().includes('BEGIN PUBLIC KEY').optional(),
    example: '',
  },
  CUSTOMER_TOKEN_ISSUER: {
    description: 'Expected `iss` of customer tokens (unset = not checked)',
    schema: z.string().optional(),
    example: '',
  },
  DEMO_MODE: {
    description: 'Expose demo helpers (customer tokens for demo customers at /api/v1/demo). Never in production',
    schema: bool.optional(),
    example: 'true',
  },
  AUTO_CLOSE_AFTER_MS: {
    description: 'A resolved conversation closes by itself after this long',
    schema: durationMs.default(72 * 3600_000),
  },
  BOT_ENABLED: {
    description: 'New conversations start with the support bot, which answers, resolves or hands over (unless the customer chose a department)',
    schema: bool.default(true),
  },
  MODEL_CACHE_DIR: {
    description: 'Where the trained intent model is cached between starts (default: DATA_DIR/models); it is retrained when content/intents changes',
    schema: z.string().min(1).optional(),
    example: './data/models',
  },
  ROUTING_SWEEP_MS: {
    description: 'Worker nodes look at the queues at least this often (besides every time a conversation is queued or an agent frees a slot)',
    schema: z.coerce.number().int().min(100).max(60_000).default(2_000),
  },
  ROUTING_AWAY_TO_OFFLINE_MS: {
    description: 'An agent whose last socket closed is away (no new chats) at once, and offline after this long; offline hands their chats back to the queue',
    schema: durationMs.default(5 * 60_000),
  },
  ROUTING_TIER_BOOSTS: {
    description: 'Queue boost per customer tier from the exchange, in seconds of waiting credit (tier:seconds, comma-separated)',
    example: 'vip:120',
    schema: z
      .string()
      .default('vip:120')
      .transform((v, ctx) => {
        const boosts: Record<string, number> = {};
        for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
          const match = /^([\w-]{1,40}):(\d{1,6})$/.exec(part);
          if (!match) {
            ctx.addIssue({ code: 'custom', message: `"${part}" is not tier:seconds` });
            return z.NEVER;
          }
          boosts[match[1] ?? ''] = Number(match[2]);
        }
        return boosts;
      }),
  },
  REOPEN_WINDOW_MS: {
    description: 'A resolved or closed conversation can be reopened within this long of its resolution',
    schema: durationMs.default(14 * 24 * 3600_000),
  },
  RATE_LIMIT_PER_MINUTE: {
    description: 'Requests per minute per signed-in customer or agent',
    schema: z.coerce.number().int().min(1).default(6000),
  },
  VISITOR_RATE_LIMIT_PER_MINUTE: {
    description: 'Requests per minute per anonymous visitor or IP (tight: visitors are unauthenticated)',
    schema: z.coerce.number().int().min(1).default(60),
  },
  WS_MAX_BUFFERED_BYTES: {
    description: 'A websocket client whose unsent backlog grows past this is disconnected (slow consumer)',
    schema: z.coerce.number().int().min(1024).default(1024 * 1024),
  },
  WS_HEARTBEAT_MS: {
    description: 'Websocket ping interval; a client that misses two is dropped',
    schema: durationMs.default(30_000),
  },
  SHUTDOWN_GRACE_MS: {
    description: 'How long graceful shutdown waits for in-flight requests',
    schema: durationMs.default(10_000),
  },
  LOG_LEVEL: {
    description: 'fatal, error, warn, info, debug, trace or silent',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} satisfies Record<string, Variable<z.ZodType>>;

type Variables = typeof variables;
export type Config = { [K in keyof Variables]: z.output<Variables[K]['schema']> } & {
  /** Derived: `embedded` (PGlite + in-process bus) or `cluster` (DATABASE_URL). */
  mode: 'embedded' | 'cluster';
};

/** Thrown at boot with every problem listed, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_SECRET = 'relaydesk-development-secret-not-for-production';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables)) {
    const raw = env[name];
    const parsed = variable.schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) values[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const config = values as Config;
  if (problems.length === 0) {
    config.mode = config.DATABASE_URL ? 'cluster' : 'embedded';
    const production = config.NODE_ENV === 'production';
    if (production && !config.SESSION_SECRET) problems.push('SESSION_SECRET: required in production');
    if (config.CUSTOMER_TOKEN_ALG === 'HS256' && production && !config.CUSTOMER_TOKEN_SECRET) {
      problems.push('CUSTOMER_TOKEN_SECRET: required in production with CUSTOMER_TOKEN_ALG=HS256');
    }
    if (config.CUSTOMER_TOKEN_ALG === 'ES256' && !config.CUSTOMER_TOKEN_PUBLIC_KEY) {
      problems.push('CUSTOMER_TOKEN_PUBLIC_KEY: required with CUSTOMER_TOKEN_ALG=ES256');
    }
    if (production && config.DEMO_MODE) problems.push('DEMO_MODE: must not be on in production');
    if (config.NATS_URL && !config.DATABASE_URL) {
      problems.push('NATS_URL: cluster mode needs DATABASE_URL too (PGlite serves one process only)');
    }
    // Embedded mode is for trying relaydesk: demo data and demo helpers are on unless switched off.
    config.SEED_DEMO_DATA ??= config.mode === 'embedded';
    config.DEMO_MODE ??= !production && config.mode === 'embedded';
    config.SESSION_SECRET ??= DEV_SECRET;
    if (config.CUSTOMER_TOKEN_ALG === 'HS256') config.CUSTOMER_TOKEN_SECRET ??= DEV_SECRET;
    if (config.CUSTOMER_TOKEN_PUBLIC_KEY) {
      config.CUSTOMER_TOKEN_PUBLIC_KEY = config.CUSTOMER_TOKEN_PUBLIC_KEY.replaceAll('\\n', '\n');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The configuration with sensitive values masked, for logs and `relaydesk config`. */
export function describeConfig(config: Config): Record<string, unknown> {
  const shown: Record<string, unknown> = { mode: config.mode };
  for (const [name, variable] of Object.entries(variables) as [keyof Variables, Variable<z.ZodType>][]) {
    const value = config[name];
    shown[name] = variable.sensitive && value ? '********' : value;
  }
  return shown;
}

/** The text of .env.example, generated from `variables`. */
export function envExample(): string {
  const lines = [
    '# relaydesk configuration. Generated by `relaydesk env-example` from src/config.ts: edit there.',
    '# Every variable is optional for `npm start` (embedded mode); see docs/operations.md.',
    '',
  ];
  for (const [name, variable] of Object.entries(variables) as [string, Variable<z.ZodType>][]) {
    const parsed = variable.schema.safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : '';
    lines.push(`# ${variable.description}${variable.sensitive ? ' (sensitive)' : ''}`);
    lines.push(`${name}=${variable.example ?? fallback}`);
    lines.push('');
  }
  return lines.join('\n');
}

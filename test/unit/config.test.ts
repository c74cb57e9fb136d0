/**
 * The one config module: every problem reported at once, secrets masked when shown, production
 * refusing to start without its secrets, and .env.example generated from the same list.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, envExample, loadConfig, variables } from '../../src/config.ts';

const secret = 'a-production-secret-of-at-least-32-characters';
const otherSecret = 'another-production-secret-32-characters-long';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts in embedded mode with demo helpers when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'embedded', NODE_ENV: 'development', PORT: 3000, SEED_DEMO_DATA: true, DEMO_MODE: true, ROLES: ['web', 'realtime', 'worker'] });
  });

  it('reports every bad variable in one error', () => {
    const env = { PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db/relaydesk', ROLES: 'web,janitor', SESSION_SECRET: 'short', WS_MAX_BUFFERED_BYTES: '10' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(Object.keys(env).sort());
    for (const name of Object.keys(env)) expect((error as ConfigError).message).toContain(name);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, mode: 'embedded' });
  });

  it('refuses to start in production without secrets, naming each one', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^SESSION_SECRET:/), expect.stringMatching(/^CUSTOMER_TOKEN_SECRET:/)]));
    expect(problems).toHaveLength(2);
  });

  it('refuses demo helpers in production, and ES256 without its public key', () => {
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: secret, CUSTOMER_TOKEN_SECRET: otherSecret, DEMO_MODE: 'true' })).toEqual([expect.stringMatching(/^DEMO_MODE:/)]);
    expect(problemsOf({ CUSTOMER_TOKEN_ALG: 'ES256' })).toEqual([expect.stringMatching(/^CUSTOMER_TOKEN_PUBLIC_KEY:/)]);
    expect(problemsOf({ NATS_URL: 'nats://127.0.0.1:4222' })).toEqual([expect.stringMatching(/^NATS_URL:/)]);
  });

  it('starts in production with its secrets, demo helpers off, secrets as given', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, CUSTOMER_TOKEN_SECRET: otherSecret, DATABASE_URL: 'postgres://db/relaydesk' });
    expect(config).toMatchObject({ mode: 'cluster', DEMO_MODE: false, SEED_DEMO_DATA: false, SESSION_SECRET: secret, CUSTOMER_TOKEN_SECRET: otherSecret });
  });

  it('turns \\n in an ES256 public key into newlines', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\\nMFkw\\n-----END PUBLIC KEY-----';
    expect(loadConfig({ CUSTOMER_TOKEN_ALG: 'ES256', CUSTOMER_TOKEN_PUBLIC_KEY: pem }).CUSTOMER_TOKEN_PUBLIC_KEY).toBe(
      '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----',
    );
  });
});

describe('describeConfig', () => {
  it('masks every sensitive value and shows the rest', () => {
    const databaseUrl = 'postgres://relaydesk:hunter2-database-password@db:5432/relaydesk';
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, CUSTOMER_TOKEN_SECRET: otherSecret, DATABASE_URL: databaseUrl, PORT: '8080' });
    const shown = describeConfig(config);
    const text = JSON.stringify(shown);
    for (const value of [secret, otherSecret, databaseUrl, 'hunter2']) expect(text).not.toContain(value);
    expect(shown).toMatchObject({ SESSION_SECRET: '********', CUSTOMER_TOKEN_SECRET: '********', DATABASE_URL: '********', PORT: 8080, mode: 'cluster' });
    const sensitive = Object.entries(variables).filter(([, v]) => 'sensitive' in v && v.sensitive).map(([name]) => name);
    for (const name of sensitive) expect(shown[name], name).toBe('********');
  });

  it('also masks the development secrets filled in by default', () => {
    const shown = describeConfig(loadConfig({}));
    expect(shown.SESSION_SECRET).toBe('********');
    expect(shown.CUSTOMER_TOKEN_SECRET).toBe('********');
  });
});

describe('.env.example', () => {
  it('is exactly what `relaydesk env-example` generates from the config module', () => {
    const file = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8');
    expect(file).toBe(envExample());
  });

  it('lists every variable with its description, and no secret values', () => {
    const text = envExample();
    for (const [name, variable] of Object.entries(variables)) {
      expect(text).toContain(`# ${variable.description}`);
      expect(text).toMatch(new RegExp(`^${name}=`, 'm'));
    }
    for (const line of text.split('\n').filter((l) => /^(SESSION_SECRET|CUSTOMER_TOKEN_SECRET|DATABASE_URL)=/.test(l))) {
      expect(line).toMatch(/=$/);
    }
    // Every example value is accepted by loadConfig.
    const env = Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});

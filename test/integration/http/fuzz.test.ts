/**
 * Random input at every public route: whatever a client sends, the platform answers with a 4xx
 * it can explain or a success, never a 5xx, and a refused request leaves no trace in the
 * database. The route list comes from the OpenAPI document, so a new route is fuzzed as soon as
 * it is declared. Bodies mix arbitrary JSON, arbitrary values, raw text (mostly invalid JSON),
 * and bodies shaped like the route's schema with hostile values, so requests get past
 * validation into the use cases too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../../src/app/identity/sign-in.ts';
import { errorCatalogue } from '../../../src/core/errors.ts';
import { build, type TestPlatform } from '../../support/build.ts';
import { databaseKinds } from '../../support/databases.ts';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
};

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /api/v1/conversations/{id}/messages */
  path: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | null;
}

type Credential = 'none' | 'customer' | 'visitor' | 'lead' | 'qa' | 'forged_token' | 'bad_bearer' | 'unknown_session';

interface Fixtures {
  customerToken: string;
  visitorToken: string;
  forgedToken: string;
  agents: Record<'lead' | 'qa', { id: string; cookie: string }>;
  /** Ids worth aiming at: the fuzzing customer's own conversation, someone else's, agents. */
  ids: string[];
}

const tables = ['conversations', 'messages', 'events', 'jobs', 'customers', 'agent_sessions'] as const;

/** One character of hostile text: mostly ASCII, sometimes any code point, NUL, lone surrogates, bidi. */
const hostileUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udc00', '\u202e', '\ufeff', '\\', '"', '%', '\n', ' ', '\u00e9') },
);
const hostileText = (maxLength = 40) => fc.string({ unit: hostileUnit, maxLength });

function resolveRef(doc: { components?: { schemas?: Record<string, JsonSchema> } }, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name] ?? {};
}

/** Every operation the OpenAPI document declares. */
function routesOf(doc: {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const body = operation.requestBody?.content?.['application/json']?.schema;
      routes.push({
        method: method.toUpperCase() as Route['method'],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, resolveRef(doc, p.schema)])),
        body: body ? resolveRef(doc, body) : null,
      });
    }
  }
  return routes;
}

/** A value that fits the schema (so the request gets past validation into the use case). */
function fitting(schema: JsonSchema, ids: string[], depth: number): fc.Arbitrary<unknown>[] {
  const fits: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) fits.push(fc.constantFrom(...schema.enum));
  for (const option of schema.anyOf ?? schema.oneOf ?? []) fits.push(valueFor(option, ids, depth + 1));
  switch (schema.type) {
    case 'string':
      if (schema.enum) break;
      if (schema.format === 'uuid') fits.push(fc.constantFrom(...ids), fc.uuid());
      else if (schema.format === 'email') fits.push(fc.emailAddress());
      else if (schema.pattern) fits.push(fc.stringMatching(new RegExp(schema.pattern)).filter((v) => v.length <= (schema.maxLength ?? Infinity)));
      // Free text: any characters at all, NUL and lone surrogates included.
      else fits.push(hostileText(Math.min(schema.maxLength ?? 40, 300)).filter((v) => v.trim().length >= (schema.minLength ?? 0)));
      break;
    case 'integer':
    case 'number':
      // Mostly small: seqs and limits that exist in a young conversation.
      fits.push(fc.integer({ min: schema.minimum ?? 0, max: (schema.minimum ?? 0) + 5 }), fc.integer({ min: schema.minimum ?? -1_000, max: Math.min(schema.maximum ?? 1_000, 1_000) }));
      break;
    case 'boolean':
      fits.push(fc.boolean());
      break;
    case 'array':
      if (depth < 3) fits.push(fc.array(valueFor(schema.items ?? {}, ids, depth + 1), { maxLength: 3 }));
      break;
    case 'object':
      if (depth < 3) fits.push(shapedObject(schema, ids, depth + 1));
      break;
  }
  return fits;
}

/** Values at and past the schema's edges. */
function misfitting(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const edges: fc.Arbitrary<unknown>[] = [fc.jsonValue({ maxDepth: 2 })];
  if (schema.type === 'string') {
    edges.push(hostileText(Math.min((schema.maxLength ?? 40) + 2, 600)));
    if (schema.maxLength) edges.push(fc.constantFrom('a'.repeat(schema.maxLength), 'a'.repeat(schema.maxLength + 1), ' '.repeat(schema.maxLength)));
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    edges.push(fc.constantFrom(-1, 0, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -0, '1', 1e308));
  }
  return edges;
}

function valueFor(schema: JsonSchema, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const fits = fitting(schema, ids, depth);
  const edges = fc.oneof(...misfitting(schema));
  return fits.length ? fc.oneof({ weight: 5, arbitrary: fc.oneof(...fits) }, { weight: 1, arbitrary: edges }) : edges;
}

/**
 * An object shaped by the schema: usually with every required key (values that mostly fit),
 * sometimes any subset of keys plus stray ones.
 */
function shapedObject(schema: JsonSchema, ids: string[], depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, s]) => [key, valueFor(s, ids, depth)]));
  const complete = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
  const loose = fc.tuple(
    fc.record(properties, { requiredKeys: [] }),
    fc.dictionary(hostileText(12), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 2 }),
  ).map(([known, stray]) => ({ ...stray, ...known }));
  return fc.oneof({ weight: 4, arbitrary: complete }, { weight: 1, arbitrary: loose });
}

function bodyFor(route: Route, ids: string[]): fc.Arbitrary<string | undefined> {
  const shaped = route.body ? [{ weight: 6, arbitrary: shapedObject(route.body, ids).map((b) => JSON.stringify(b)) }] : [];
  return fc.oneof(
    ...shaped,
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.anything().map((v) => JSON.stringify(v) as string | undefined) },
    { weight: 2, arbitrary: hostileText(200) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '{', '{"a":', 'null', '[]', '{}', '"x"', '1e999', '{"__proto__":{"admin":true}}', `"${'x'.repeat(70_000)}"`) },
  );
}

function queryFor(route: Route, ids: string[]): fc.Arbitrary<string> {
  const declared = Object.fromEntries(Object.entries(route.query).map(([name, s]) => [name, valueFor(s, ids).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''))]));
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(declared, { requiredKeys: [] }).map((q) => new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined)).toString()) },
    { weight: 2, arbitrary: fc.dictionary(hostileText(10), hostileText(20), { maxKeys: 3 }).map((q) => new URLSearchParams(q).toString()) },
    { weight: 1, arbitrary: fc.constantFrom('', '%', '%zz', 'a=%E0%A4%A', 'limit=1e3', 'limit=-0', 'afterSeq=0x10', 'state=queued,,closed', 'state=queued&state=closed', 'limit[]=1', 'a'.repeat(3_000)) },
  );
}

/** Percent-encode every byte of the UTF-8 text but the unreserved ones (lone surrogates become U+FFFD). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[\w.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function pathIdFor(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostileText(120).filter((s) => s.length > 0).map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('..', '%00', '%2F', 'null', '0', '-1', 'a'.repeat(101), '%F0%9F%92%A9', (ids[0] ?? '').toUpperCase()) },
  );
}

const contentTypes = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined] as const;

describe.each(databaseKinds)('every public route, fuzzed, on %s', (kind) => {
  let t: TestPlatform;
  let routes: Route[];
  let fixtures: Fixtures;

  const counts = async (): Promise<Record<string, number>> => {
    const selects = tables.map((table) => `(SELECT count(*) FROM ${table})::int AS ${table}`).join(', ');
    const [row] = await t.database.db.sql.query<Record<string, number>>(`SELECT ${selects}`);
    return row ?? {};
  };

  /** A fresh session for an agent (signing out in the fuzz ends the old one). */
  const mintSession = async (agentId: string): Promise<string> => {
    const token = randomBytes(32).toString('base64url');
    await t.platform.deps.store.createSession({ tokenHash: hashSessionToken(token), agentId, expiresAt: new Date(Date.now() + 3600_000) });
    return `rd_session=${token}`;
  };

  beforeAll(async () => {
    t = await build({ kind, env: { DEMO_MODE: 'true' } });
    const doc = await t.platform.app.inject({ method: 'GET', url: '/api/docs/json' });
    routes = routesOf(doc.json());

    const customer = await t.customerToken({ locale: 'pt-BR' });
    const stranger = await t.customerToken();
    const lead = await t.agent(['lead']);
    const qa = await t.agent(['qa']);
    const open = async (token: string) => {
      const created = await t.platform.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: { authorization: `Bearer ${token}` },
        payload: { clientMsgId: 'fuzz-start', body: 'My withdrawal is stuck' },
      });
      expect(created.statusCode).toBe(201);
      return created.json().conversation.id as string;
    };
    const own = await open(customer.token);
    const foreign = await open(stranger.token);
    const visitor = (await t.platform.app.inject({ method: 'POST', url: '/api/v1/visitors' })).json().token as string;
    // The customer profile is stored on a customer's first request, in the background: let it
    // land now so it is not mistaken for a write by the first fuzzed request.
    for (let i = 0; i < 100 && !(await t.platform.deps.store.getCustomer(customer.sub)); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await t.platform.deps.store.getCustomer(customer.sub)).not.toBeNull();
    fixtures = {
      customerToken: customer.token,
      visitorToken: visitor,
      forgedToken: `${customer.token.slice(0, -3)}${customer.token.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      agents: { lead: { id: lead.id, cookie: lead.cookie }, qa: { id: qa.id, cookie: qa.cookie } },
      ids: [own, foreign, lead.id, qa.id],
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it('derives the routes from the OpenAPI document', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining([
      'POST /api/v1/conversations',
      'POST /api/v1/conversations/{id}/messages',
      'POST /api/v1/auth/sign-in',
      'POST /api/v1/demo/customer-token',
      'POST /api/v1/bot/training-examples',
      'GET /api/v1/conversations/{id}/handoff',
      'GET /help/{slug}',
    ]));
  });

  it('never answers 5xx, and a refused request changes no rows', async () => {
    let client = 0;
    const headersFor = (credential: Credential): Record<string, string> => {
      switch (credential) {
        case 'none': return {};
        case 'customer': return { authorization: `Bearer ${fixtures.customerToken}` };
        case 'visitor': return { authorization: `Bearer ${fixtures.visitorToken}` };
        case 'lead': return { cookie: fixtures.agents.lead.cookie };
        case 'qa': return { cookie: fixtures.agents.qa.cookie };
        case 'forged_token': return { authorization: `Bearer ${fixtures.forgedToken}` };
        case 'bad_bearer': return { authorization: 'Bearer' };
        case 'unknown_session': return { cookie: `rd_session=${randomUUID()}` };
      }
    };
    const request = fc.constantFrom(...routes).chain((route) => fc.record({
      route: fc.constant(route),
      credential: fc.constantFrom<Credential>('none', 'customer', 'customer', 'customer', 'visitor', 'lead', 'lead', 'lead', 'qa', 'forged_token', 'bad_bearer', 'unknown_session'),
      pathId: pathIdFor(fixtures.ids),
      query: queryFor(route, fixtures.ids),
      body: bodyFor(route, fixtures.ids),
      contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...contentTypes) }),
    }));

    await fc.assert(
      fc.asyncProperty(request, async ({ route, credential, pathId, query, body, contentType }) => {
        const url = route.path.replace(/\{\w+\}/g, pathId) + (query ? `?${query}` : '');
        const before = await counts();
        const response = await t.platform.app.inject({
          method: route.method,
          url,
          // Each request from its own address: per-address rate limits (sign-in, visitors) stay out of the way.
          remoteAddress: `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}`,
          headers: { ...headersFor(credential), ...(contentType && body !== undefined ? { 'content-type': contentType } : {}) },
          ...(body !== undefined ? { payload: body } : {}),
        });
        const after = await counts();
        const what = `${route.method} ${url.slice(0, 200)} as ${credential} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, what).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(after, what).toEqual(before);
          const code = (response.json() as { error?: { code?: string } }).error?.code;
          expect(Object.keys(errorCatalogue), what).toContain(code);
        }
        if (route.path.endsWith('/sign-out') && (credential === 'lead' || credential === 'qa')) {
          fixtures.agents[credential].cookie = await mintSession(fixtures.agents[credential].id);
        }
      }),
      { numRuns: kind === 'pglite' ? 400 : 200, endOnFailure: true },
    );
  }, 120_000);
});

/**
 * Child process entry: migrate a scratch database and create the bench agents with open
 * sessions, then exit. It runs apart from the server because a process that creates a PGlite
 * database keeps about 800 MB resident (initdb's WASM memory) while one that opens an existing
 * folder starts near 290 MB (../shared/notes/storage-ceilings.md): the server's RSS is then the
 * RSS an operator sees after `relaydesk migrate`.
 *
 * Env: DATABASE_URL or DATA_DIR, BENCH_AGENTS (count). Prints `{"cookies":[...]}` on stdout.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { argon2PasswordHasher } from '../src/adapters/identity/argon2-password-hasher.ts';
import { SqlStore } from '../src/adapters/store/sql-store.ts';
import { openDatabase } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { hashSessionToken } from '../src/app/identity/sign-in.ts';

const agents = Number(process.env.BENCH_AGENTS ?? '0');
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const db = await openDatabase(config);
const store = new SqlStore(db);
const cookies: string[] = [];
if (agents > 0) {
  // One hash for every bench agent: they sign in by session, the password is never used.
  const passwordHash = await argon2PasswordHasher.hash(randomBytes(16).toString('hex'));
  const expiresAt = new Date(Date.now() + 12 * 3600_000);
  for (let i = 0; i < agents; i += 1) {
    const agent = await store.createAgent({
      id: uuidv7(),
      email: `bench-agent-${i}@relaydesk.bench`,
      name: `Bench agent ${i}`,
      roles: ['agent'],
      passwordHash,
      active: true,
    });
    const token = randomBytes(32).toString('base64url');
    await store.createSession({ tokenHash: hashSessionToken(token), agentId: agent.id, expiresAt });
    cookies.push(`rd_session=${token}`);
  }
}
await db.close();
process.stdout.write(`${JSON.stringify({ cookies })}\n`);

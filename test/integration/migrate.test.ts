import { afterAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/adapters/store/migrate.ts';
import { openPostgres } from '../../src/adapters/store/postgres.ts';
import { createTestDatabase, databaseKinds, testDatabaseUrl, type TestDatabase } from '../support/databases.ts';

describe.each(databaseKinds)('migrations on %s', (kind) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of opened) await db.drop();
  });

  it('apply once: a second run applies nothing and keeps the data', async () => {
    const test = await createTestDatabase(kind);
    opened.push(test);
    await test.db.sql.query("INSERT INTO customers (id) VALUES ('kept')");
    expect(await migrate(test.db)).toEqual([]);
    const rows = await test.db.sql.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(await test.db.sql.query("SELECT id FROM customers WHERE id = 'kept'")).toHaveLength(1);
  });

  it('roll back a failing migration whole and report which one failed', async () => {
    const test = await createTestDatabase(kind);
    opened.push(test);
    const broken = { version: '9999_broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM customers;' };
    await expect(migrate(test.db, [...readMigrations(), broken])).rejects.toThrow(/9999_broken/);
    expect(await test.db.sql.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toHaveLength(0);
  });
});

describe.skipIf(!testDatabaseUrl)('migrations when nodes start together (PostgreSQL)', () => {
  it('are applied exactly once while several nodes migrate at the same moment', async () => {
    const test = await createTestDatabase('postgres');
    try {
      // A fresh database: drop what createTestDatabase applied, then race four "nodes".
      await test.db.sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      const nodes = await Promise.all([1, 2, 3, 4].map(() => openPostgres({ url: test.url ?? '', poolSize: 2 })));
      const applied = await Promise.all(nodes.map((node) => migrate(node)));
      await Promise.all(nodes.map((node) => node.close()));
      expect(applied.flat().sort()).toEqual(readMigrations().map((m) => m.version));
    } finally {
      await test.drop();
    }
  });
});

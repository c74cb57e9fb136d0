/**
 * The ExchangeGateway contract against the simulated exchange on every database, and the demo
 * exchange's data: varied enough for every support flow, and seeded only once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDemoExchange,
  demoChains,
  demoCustomers,
  demoMemoChains,
  demoScenarioUsers,
  demoTiers,
  seedSimulatedExchange,
  type DemoChain,
} from '../../src/adapters/exchange/simulated/demo-data.ts';
import { loadSimulatedExchange, SimulatedExchange } from '../../src/adapters/exchange/simulated/simulated-exchange.ts';
import { openPostgres } from '../../src/adapters/store/postgres.ts';
import type { Database } from '../../src/adapters/store/sql-client.ts';
import { languages } from '../../src/core/conversations/types.ts';
import {
  depositStates,
  kycStatuses,
  withdrawalStates,
  type Deposit,
  type ExchangeAccount,
  type Withdrawal,
} from '../../src/core/exchange/types.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { exchangeGatewayContract } from './exchange-gateway.contract.ts';

for (const kind of databaseKinds) {
  exchangeGatewayContract(`SimulatedExchange on ${kind}`, async () => {
    const database = await createTestDatabase(kind);
    const others: Database[] = [];
    return {
      gateway: new SimulatedExchange(database.db.sql),
      seed: async (fixture) => {
        await database.db.transaction((tx) => loadSimulatedExchange(tx, fixture));
      },
      // On PostgreSQL, another pool is another node; PGlite has one connection per folder.
      reopen: async () => {
        if (!database.url) return new SimulatedExchange(database.db.sql);
        const other = await openPostgres({ url: database.url, poolSize: 1 });
        others.push(other);
        return new SimulatedExchange(other.sql);
      },
      cleanup: async () => {
        await Promise.all(others.map((other) => other.close()));
        await database.drop();
      },
    };
  });
}

const txHashFormats: Record<DemoChain, RegExp> = {
  BTC: /^[0-9a-f]{64}$/,
  TRC20: /^[0-9a-f]{64}$/,
  ERC20: /^0x[0-9a-f]{64}$/,
  BEP20: /^0x[0-9a-f]{64}$/,
  ARBITRUM: /^0x[0-9a-f]{64}$/,
  POLYGON: /^0x[0-9a-f]{64}$/,
  SOL: /^[1-9A-HJ-NP-Za-km-z]{86,88}$/,
  XRP: /^[0-9A-F]{64}$/,
  XLM: /^[0-9a-f]{64}$/,
  TON: /^[0-9a-f]{64}$/,
};

const addressFormats: Record<DemoChain, RegExp> = {
  BTC: /^bc1q[02-9ac-hj-np-z]{38}$/,
  TRC20: /^T[1-9A-HJ-NP-Za-km-z]{33}$/,
  ERC20: /^0x[0-9a-f]{40}$/,
  BEP20: /^0x[0-9a-f]{40}$/,
  ARBITRUM: /^0x[0-9a-f]{40}$/,
  POLYGON: /^0x[0-9a-f]{40}$/,
  SOL: /^[1-9A-HJ-NP-Za-km-z]{32,44}$/,
  XRP: /^r[1-9A-HJ-NP-Za-km-z]{24,34}$/,
  XLM: /^G[A-Z2-7]{55}$/,
  TON: /^[EU]Q[A-Za-z0-9_-]{46}$/,
};

describe.each(databaseKinds)('demo exchange on %s', (kind) => {
  const now = new Date('2025-06-01T09:00:00.000Z');
  let database: TestDatabase;
  let gateway: SimulatedExchange;
  let accounts: ExchangeAccount[];
  let deposits: Deposit[];
  let withdrawals: Withdrawal[];

  async function readEverything(): Promise<unknown> {
    return Promise.all(
      demoCustomers.map(async (customer) => ({
        account: await gateway.getAccount(customer.id),
        balances: await gateway.getBalances(customer.id),
        deposits: await gateway.listDeposits(customer.id, 100),
        withdrawals: await gateway.listWithdrawals(customer.id, 100),
      })),
    );
  }

  async function countRows(): Promise<Record<string, string>> {
    const tables = ['sim_accounts', 'sim_balances', 'sim_deposits', 'sim_withdrawals'];
    const counts = await Promise.all(
      tables.map((table) => database.db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`)),
    );
    return Object.fromEntries(tables.map((table, i) => [table, String(counts[i]?.[0]?.n)]));
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    gateway = new SimulatedExchange(database.db.sql);
    const seeded = await database.db.transaction((tx) => seedSimulatedExchange(tx, now));
    expect(seeded).toEqual({ accounts: 40 });
    accounts = (await Promise.all(demoCustomers.map((c) => gateway.getAccount(c.id)))) as ExchangeAccount[];
    deposits = (await Promise.all(demoCustomers.map((c) => gateway.listDeposits(c.id, 100)))).flat();
    withdrawals = (await Promise.all(demoCustomers.map((c) => gateway.listWithdrawals(c.id, 100)))).flat();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('has 40 customers, demo-001 … demo-040, in all 14 languages and every tier', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `demo-${String(i + 1).padStart(3, '0')}`);
    expect(accounts.map((a) => a.userId)).toEqual(ids);
    expect(new Set(accounts.map((a) => a.locale))).toEqual(new Set(languages));
    expect(new Set(accounts.map((a) => a.tier))).toEqual(new Set(demoTiers));
    expect(new Set(accounts.map((a) => a.email)).size).toBe(40);
    expect(new Set(accounts.map((a) => a.name)).size).toBe(40);
    const listed = accounts.map(({ userId, name, email, locale, tier }) => ({ id: userId, name, email, locale, tier }));
    expect(listed).toEqual(demoCustomers);
  });

  it('has every KYC status and level; a rejection says why; two accounts are frozen', () => {
    expect(new Set(accounts.map((a) => a.kyc.status))).toEqual(new Set(kycStatuses));
    expect(new Set(accounts.map((a) => a.kyc.level))).toEqual(new Set([0, 1, 2, 3]));
    for (const a of accounts) {
      expect(a.kyc.rejectionReason !== null).toBe(a.kyc.status === 'rejected');
      expect(a.kyc.updatedAt.getTime()).toBeGreaterThanOrEqual(a.createdAt.getTime());
      expect(a.createdAt.getTime()).toBeLessThan(now.getTime());
    }
    const frozen = accounts.filter((a) => a.frozen);
    expect(frozen.map((a) => a.userId)).toEqual([...demoScenarioUsers.frozen]);
    for (const a of frozen) expect(a.frozenReason).toBeTruthy();
  });

  it('has deposits in every state, on every chain, in each chain’s hash and address format', () => {
    expect(new Set(deposits.map((d) => d.state))).toEqual(new Set(depositStates));
    expect(new Set(deposits.map((d) => d.chain))).toEqual(new Set(demoChains));
    expect(new Set(deposits.filter((d) => d.state === 'on_hold').map((d) => d.holdReason))).toEqual(
      new Set(['missing_memo', 'unsupported_network', 'compliance_review']),
    );
    for (const d of deposits) {
      const chain = d.chain as DemoChain;
      expect(d.txHash).toMatch(txHashFormats[chain]);
      expect(d.address).toMatch(addressFormats[chain]);
      expect(Number(d.amount)).toBeGreaterThan(0);
      expect(d.creditedAt !== null).toBe(d.state === 'credited');
      if (d.state === 'confirming') {
        expect(d.confirmations).toBeGreaterThan(0);
        expect(d.confirmations).toBeLessThan(d.requiredConfirmations);
      }
      if (d.state === 'pending') expect(d.confirmations).toBe(0);
    }
    expect(new Set(deposits.map((d) => d.txHash)).size).toBe(deposits.length);
  });

  it('puts a memo on every memo-chain deposit except the deliberate missing-memo holds', () => {
    const memoChains: readonly string[] = demoMemoChains;
    expect([...memoChains].sort()).toEqual(['TON', 'XLM', 'XRP']);
    for (const d of deposits) {
      const missingMemo = d.state === 'on_hold' && d.holdReason === 'missing_memo';
      if (!memoChains.includes(d.chain)) expect(d.memo).toBeNull();
      else if (missingMemo) expect(d.memo).toBeNull();
      else expect(d.memo).toMatch(/^\d+$/);
      if (missingMemo) expect(memoChains).toContain(d.chain);
    }
    const missing = deposits.filter((d) => d.holdReason === 'missing_memo').map((d) => d.userId);
    expect(missing.sort()).toEqual([...demoScenarioUsers.missingMemo]);
  });

  it('has withdrawals in every state; a stopped one says why, a broadcast one has its hash', () => {
    expect(new Set(withdrawals.map((w) => w.state))).toEqual(new Set(withdrawalStates));
    for (const w of withdrawals) {
      const stopped = w.state === 'failed' || w.state === 'rejected' || w.state === 'cancelled';
      expect(w.failureReason !== null).toBe(stopped);
      if (w.state === 'sent' || w.state === 'completed') expect(w.txHash).toMatch(txHashFormats[w.chain as DemoChain]);
      if (['requested', 'under_review', 'processing'].includes(w.state)) expect(w.txHash).toBeNull();
      expect(w.address).toMatch(addressFormats[w.chain as DemoChain]);
      expect(w.updatedAt.getTime()).toBeGreaterThanOrEqual(w.createdAt.getTime());
    }
  });

  it('has the scenarios later features start from', async () => {
    for (const userId of demoScenarioUsers.confirmingUsdtDeposit) {
      const [latest] = await gateway.listDeposits(userId, 1);
      expect(latest).toMatchObject({ userId, asset: 'USDT', chain: 'TRC20', state: 'confirming' });
      expect(latest?.confirmations).toBeLessThan(latest?.requiredConfirmations ?? 0);
      expect(await gateway.findDepositByTxHash(latest?.txHash ?? '')).toEqual(latest);
    }
    expect((await gateway.getAccount('demo-001'))?.locale).toBe('en');
    expect((await gateway.getAccount('demo-002'))?.locale).toBe('es');
    expect((await gateway.getAccount('demo-003'))?.locale).toBe('ru');
    const [pending] = await gateway.listWithdrawals(demoScenarioUsers.pendingWithdrawal, 1);
    expect(pending).toMatchObject({ asset: 'USDT', chain: 'TRC20', state: 'under_review', txHash: null });
    // What a pending withdrawal holds back shows as locked.
    const usdt = (await gateway.getBalances(demoScenarioUsers.pendingWithdrawal)).find((b) => b.asset === 'USDT');
    expect(Number(usdt?.locked)).toBeGreaterThanOrEqual(Number(pending?.amount) + Number(pending?.fee));
    const [wrongNetwork] = await gateway.listDeposits(demoScenarioUsers.unsupportedNetwork, 1);
    expect(wrongNetwork).toMatchObject({ state: 'on_hold', holdReason: 'unsupported_network' });
    for (const userId of ['demo-001', 'demo-002', 'demo-003']) {
      expect((await gateway.getAccount(userId))?.frozen).toBe(false);
    }
  });

  it('is the same data every time for the same clock', () => {
    expect(buildDemoExchange(now)).toEqual(buildDemoExchange(now));
  });

  it('seeding again, even a day later, changes nothing', async () => {
    const before = await readEverything();
    const counts = await countRows();
    const dayLater = new Date(now.getTime() + 86_400_000);
    const again = await database.db.transaction((tx) => seedSimulatedExchange(tx, dayLater));
    expect(again).toEqual({ accounts: 0 });
    expect(await countRows()).toEqual(counts);
    expect(await readEverything()).toEqual(before);
  });

  it('keeps a support freeze of a demo customer when seeded again', async () => {
    const frozen = await gateway.freezeAccount('demo-040', 'customer asked to lock the account');
    await seedSimulatedExchange(database.db.sql, now);
    expect(await gateway.getAccount('demo-040')).toEqual(frozen);
  });
});

/**
 * The one contract of the ExchangeGateway port (docs/exchange-gateway.md). Every adapter runs it:
 * the simulated exchange on each database today, an HTTP adapter against an exchange's staging
 * system later. It asserts what a support agent would notice: the right customer, the newest
 * deposits first, a pasted tx hash found, a freeze that sticks and never doubles.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  depositStates,
  withdrawalStates,
  type Balance,
  type Deposit,
  type ExchangeAccount,
  type Withdrawal,
} from '../../src/core/exchange/types.ts';
import type { ExchangeGateway } from '../../src/ports/exchange-gateway.ts';

/** What the contract puts into the exchange before it asserts anything. */
export interface ExchangeFixture {
  accounts: ExchangeAccount[];
  balances: Array<Balance & { userId: string }>;
  deposits: Deposit[];
  withdrawals: Withdrawal[];
}

/** One adapter under test, over an exchange only this suite uses. */
export interface ExchangeGatewayHarness {
  gateway: ExchangeGateway;
  /** Make the fixture's accounts, balances, deposits and withdrawals exist on the exchange. */
  seed(fixture: ExchangeFixture): Promise<void>;
  /** A second gateway over the same exchange (a restart or another node), when the adapter can make one. */
  reopen?: () => Promise<ExchangeGateway>;
  cleanup(): Promise<void>;
}

/** Register the ExchangeGateway contract suite for one adapter. */
export function exchangeGatewayContract(name: string, makeGateway: () => Promise<ExchangeGatewayHarness>): void {
  describe(`ExchangeGateway contract: ${name}`, () => {
    const f = buildFixture(randomUUID().slice(0, 8));
    let harness: ExchangeGatewayHarness | undefined;
    const gateway = (): ExchangeGateway => (harness as ExchangeGatewayHarness).gateway;

    beforeAll(async () => {
      harness = await makeGateway();
      await harness.seed(f.fixture);
    });
    afterAll(async () => {
      await harness?.cleanup();
    });

    describe('accounts', () => {
      it('answers the account with its profile, KYC and dates', async () => {
        expect(await gateway().getAccount(f.alice.userId)).toEqual(f.alice);
      });

      it('says why a KYC was rejected', async () => {
        const frank = await gateway().getAccount(f.frank.userId);
        expect(frank?.kyc).toEqual({
          status: 'rejected',
          level: 0,
          rejectionReason: 'document_expired',
          updatedAt: f.frank.kyc.updatedAt,
        });
      });

      it('answers null and empty lists for a user the exchange does not know, without throwing', async () => {
        const nobody = `${f.run}-nobody`;
        expect(await gateway().getAccount(nobody)).toBeNull();
        expect(await gateway().getBalances(nobody)).toEqual([]);
        expect(await gateway().listDeposits(nobody)).toEqual([]);
        expect(await gateway().listWithdrawals(nobody)).toEqual([]);
        expect(await gateway().freezeAccount(nobody, 'contract test')).toBeNull();
        expect(await gateway().getAccount(nobody)).toBeNull();
      });

      it('answers empty lists for a known customer with no activity', async () => {
        expect(await gateway().listDeposits(f.frank.userId)).toEqual([]);
        expect(await gateway().listWithdrawals(f.frank.userId)).toEqual([]);
        expect(await gateway().getBalances(f.frank.userId)).toEqual([]);
      });
    });

    describe('balances', () => {
      it('keeps every digit of every amount, as decimal strings', async () => {
        const balances = await gateway().getBalances(f.alice.userId);
        const expected = f.fixture.balances
          .filter((b) => b.userId === f.alice.userId)
          .map(({ asset, available, locked }) => ({ asset, available, locked }));
        expect(sortByAsset(balances.map(normalizeBalance))).toEqual(sortByAsset(expected));
        for (const balance of balances) {
          expect(typeof balance.available).toBe('string');
          expect(typeof balance.locked).toBe('string');
        }
      });
    });

    describe('deposits', () => {
      it('lists the 20 most recent first by default', async () => {
        const deposits = await gateway().listDeposits(f.alice.userId);
        expect(deposits.map(normalizeDeposit)).toEqual(f.aliceDepositsNewestFirst.slice(0, 20));
      });

      it('returns at most `limit`, the newest ones', async () => {
        const deposits = await gateway().listDeposits(f.alice.userId, 3);
        expect(deposits.map((d) => d.id)).toEqual(f.aliceDepositsNewestFirst.slice(0, 3).map((d) => d.id));
      });

      it("lists only that customer's deposits", async () => {
        const deposits = await gateway().listDeposits(f.bob.userId, 50);
        const bobs = f.fixture.deposits.filter((d) => d.userId === f.bob.userId);
        expect(deposits.map(normalizeDeposit)).toEqual(bobs.reverse());
      });

      it('round-trips every deposit state with its confirmations, memo and hold reason', async () => {
        const deposits = await gateway().listDeposits(f.alice.userId, 100);
        expect(new Set(deposits.map((d) => d.state))).toEqual(new Set(depositStates));
        const missingMemo = deposits.find((d) => d.holdReason === 'missing_memo');
        expect(missingMemo).toMatchObject({ state: 'on_hold', memo: null, chain: 'XRP' });
        const credited = deposits.find((d) => d.state === 'credited') as Deposit;
        expect(credited.creditedAt).toBeInstanceOf(Date);
        expect(credited.confirmations).toBe(credited.requiredConfirmations);
      });

      it("finds any customer's deposit by its tx hash", async () => {
        const target = f.bobXrpDeposit;
        expect(normalizeDeposit((await gateway().findDepositByTxHash(target.txHash)) as Deposit)).toEqual(target);
      });

      it('finds a hex hash pasted in the other case, but matches a base58 hash exactly', async () => {
        const evm = f.aliceEvmDeposit;
        expect((await gateway().findDepositByTxHash(evm.txHash.toUpperCase().replace('0X', '0x')))?.id).toBe(evm.id);
        const sol = f.aliceSolDeposit;
        expect((await gateway().findDepositByTxHash(sol.txHash))?.id).toBe(sol.id);
        expect(await gateway().findDepositByTxHash(swapCase(sol.txHash))).toBeNull();
      });

      it('answers null for a hash it has never seen', async () => {
        expect(await gateway().findDepositByTxHash(`0x${digest(`${f.run}:unknown`)}`)).toBeNull();
        expect(await gateway().findDepositByTxHash('')).toBeNull();
      });
    });

    describe('withdrawals', () => {
      it('lists the most recent first, at most `limit`', async () => {
        const all = await gateway().listWithdrawals(f.bob.userId);
        expect(all.map(normalizeWithdrawal)).toEqual(f.bobWithdrawalsNewestFirst);
        const two = await gateway().listWithdrawals(f.bob.userId, 2);
        expect(two.map((w) => w.id)).toEqual(f.bobWithdrawalsNewestFirst.slice(0, 2).map((w) => w.id));
      });

      it('round-trips every state: tx hash once broadcast, a reason when it did not go out', async () => {
        const all = await gateway().listWithdrawals(f.bob.userId, 100);
        expect(new Set(all.map((w) => w.state))).toEqual(new Set(withdrawalStates));
        for (const w of all) {
          if (w.state === 'sent' || w.state === 'completed') expect(w.txHash).not.toBeNull();
          if (w.state === 'requested' || w.state === 'under_review') expect(w.txHash).toBeNull();
          const stopped = w.state === 'failed' || w.state === 'rejected' || w.state === 'cancelled';
          if (stopped) expect(w.failureReason).toBeTruthy();
          else expect(w.failureReason).toBeNull();
        }
      });

      it('gets one withdrawal by id, and null for an unknown id', async () => {
        const target = f.bobWithdrawalsNewestFirst[1] as Withdrawal;
        expect(normalizeWithdrawal((await gateway().getWithdrawal(target.id)) as Withdrawal)).toEqual(target);
        expect(await gateway().getWithdrawal(`${f.run}-no-such-withdrawal`)).toBeNull();
      });
    });

    describe('freezeAccount', () => {
      it('freezes at once and the freeze persists', async () => {
        const before = Date.now();
        const frozen = await gateway().freezeAccount(f.carol.userId, 'customer reports a stolen phone');
        expect(frozen).toMatchObject({
          userId: f.carol.userId,
          frozen: true,
          frozenReason: 'customer reports a stolen phone',
        });
        expect(frozen?.frozenAt).toBeInstanceOf(Date);
        expect(frozen?.frozenAt?.getTime()).toBeGreaterThan(before - 5 * 60_000);
        // Nothing else about the account changes.
        expect({ ...frozen, frozen: false, frozenAt: null, frozenReason: null }).toEqual(f.carol);
        expect(await gateway().getAccount(f.carol.userId)).toEqual(frozen);
        if (harness?.reopen) {
          const other = await harness.reopen();
          expect(await other.getAccount(f.carol.userId)).toEqual(frozen);
        }
      });

      it('is idempotent: freezing again returns the account unchanged, first reason kept', async () => {
        const first = await gateway().freezeAccount(f.dave.userId, 'first report');
        const second = await gateway().freezeAccount(f.dave.userId, 'second report');
        expect(second).toEqual(first);
        expect(second?.frozenReason).toBe('first report');
      });

      it('leaves an account frozen earlier exactly as it was', async () => {
        expect(await gateway().freezeAccount(f.erin.userId, 'again')).toEqual(f.erin);
      });

      it('gives one freeze when two agents press the button together', async () => {
        const results = await Promise.all([
          gateway().freezeAccount(f.grace.userId, 'agent one'),
          gateway().freezeAccount(f.grace.userId, 'agent two'),
          gateway().freezeAccount(f.grace.userId, 'agent three'),
        ]);
        expect(results[0]?.frozen).toBe(true);
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
        expect(await gateway().getAccount(f.grace.userId)).toEqual(results[0]);
      });

      it('freezes only that account', async () => {
        await gateway().freezeAccount(f.carol.userId, 'customer reports a stolen phone');
        expect((await gateway().getAccount(f.alice.userId))?.frozen).toBe(false);
      });
    });

    it('ping resolves when the exchange can answer', async () => {
      await expect(gateway().ping()).resolves.toBeUndefined();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The fixture: ids and hashes unique per run, so it can live on a shared staging exchange.

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function digest(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58Of(label: string): string {
  let value = BigInt(`0x${digest(`${label}:a`)}${digest(`${label}:b`)}`);
  let text = '';
  while (value > 0n) {
    text = BASE58[Number(value % 58n)] + text;
    value /= 58n;
  }
  return text;
}

function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

function account(run: string, name: string, overrides: Partial<ExchangeAccount> = {}): ExchangeAccount {
  return {
    userId: `ct-${run}-${name}`,
    name: name[0]?.toUpperCase() + name.slice(1),
    email: `${name}.${run}@example.com`,
    locale: 'en',
    tier: 'regular',
    kyc: { status: 'approved', level: 1, rejectionReason: null, updatedAt: new Date(T0 - 30 * 24 * HOUR) },
    frozen: false,
    frozenAt: null,
    frozenReason: null,
    createdAt: new Date(T0 - 90 * 24 * HOUR),
    ...overrides,
  };
}

function buildFixture(run: string) {
  const alice = account(run, 'alice', {
    name: 'Alice Ångström-Núñez',
    locale: 'es',
    tier: 'vip1',
    kyc: { status: 'approved', level: 2, rejectionReason: null, updatedAt: new Date(T0 - 20 * 24 * HOUR) },
  });
  const bob = account(run, 'bob', { locale: 'ru' });
  const carol = account(run, 'carol');
  const dave = account(run, 'dave');
  const erin = account(run, 'erin', {
    frozen: true,
    frozenAt: new Date(T0 - 2 * HOUR),
    frozenReason: 'compliance review',
  });
  const frank = account(run, 'frank', {
    kyc: { status: 'rejected', level: 0, rejectionReason: 'document_expired', updatedAt: new Date(T0 - 3 * HOUR) },
  });
  const grace = account(run, 'grace');

  const deposit = (user: ExchangeAccount, index: number, overrides: Partial<Deposit>): Deposit => ({
    id: `ct-${run}-dep-${user.userId.split('-').pop()}-${index}`,
    userId: user.userId,
    asset: 'USDT',
    chain: 'TRC20',
    amount: `${100 + index}.5`,
    txHash: digest(`${run}:${user.userId}:${index}`),
    address: 'TJYeasTPa6gpEEfYqNGGBmBSAw3kwRdpTJ',
    memo: null,
    confirmations: 20,
    requiredConfirmations: 20,
    state: 'credited',
    holdReason: null,
    createdAt: new Date(T0 + index * HOUR),
    creditedAt: new Date(T0 + index * HOUR + 5 * MINUTE),
    ...overrides,
  });
  const stateOverrides: Record<Deposit['state'], Partial<Deposit>> = {
    pending: { confirmations: 0, creditedAt: null },
    confirming: { confirmations: 7, creditedAt: null },
    credited: {},
    failed: { creditedAt: null },
    on_hold: {
      chain: 'XRP',
      asset: 'XRP',
      memo: null,
      confirmations: 1,
      requiredConfirmations: 1,
      holdReason: 'missing_memo',
      creditedAt: null,
    },
  };
  const aliceDeposits = Array.from({ length: 25 }, (_, i) => {
    const state = depositStates[i % depositStates.length] as Deposit['state'];
    const overrides = { state, ...stateOverrides[state] };
    if (state === 'on_hold') overrides.txHash = digest(`${run}:alice-xrp:${i}`).toUpperCase();
    return deposit(alice, i, overrides);
  });
  // A precise amount, an EVM hash and a Solana (base58) hash among them.
  const aliceEvmDeposit = deposit(alice, 25, {
    chain: 'ERC20',
    amount: '0.000000000000000001',
    txHash: `0x${digest(`${run}:alice-evm`)}`,
    address: '0x52908400098527886e0f7030069857d2e4169ee7',
    confirmations: 12,
    requiredConfirmations: 12,
    createdAt: new Date(T0 - 10 * HOUR),
    creditedAt: new Date(T0 - 9 * HOUR),
  });
  const aliceSolDeposit = deposit(alice, 26, {
    chain: 'SOL',
    asset: 'SOL',
    txHash: base58Of(`${run}:alice-sol`),
    address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV',
    confirmations: 32,
    requiredConfirmations: 32,
    createdAt: new Date(T0 - 11 * HOUR),
    creditedAt: new Date(T0 - 10 * HOUR),
  });
  const bobXrpDeposit = deposit(bob, 1, {
    chain: 'XRP',
    asset: 'XRP',
    amount: '1850',
    txHash: digest(`${run}:bob-xrp`).toUpperCase(),
    address: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    memo: '104829367',
    confirmations: 1,
    requiredConfirmations: 1,
  });
  const bobDeposits = [deposit(bob, 0, { state: 'confirming', confirmations: 3, creditedAt: null }), bobXrpDeposit];

  const withdrawal = (
    user: ExchangeAccount,
    index: number,
    state: Withdrawal['state'],
    overrides: Partial<Withdrawal> = {},
  ): Withdrawal => {
    const broadcast = state === 'sent' || state === 'completed' || state === 'failed';
    const stopped = state === 'failed' || state === 'rejected' || state === 'cancelled';
    const createdAt = new Date(T0 + index * 10 * MINUTE);
    return {
      id: `ct-${run}-wd-${index}`,
      userId: user.userId,
      asset: 'USDT',
      chain: 'TRC20',
      amount: `${250 + index}`,
      fee: '1',
      address: 'TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL',
      memo: null,
      txHash: broadcast ? digest(`${run}:wd:${index}`) : null,
      state,
      failureReason: stopped ? `${state}_reason_${index}` : null,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + (stopped || state === 'completed' ? 30 * MINUTE : 0)),
      ...overrides,
    };
  };
  const bobWithdrawals = withdrawalStates.map((state, i) => withdrawal(bob, i, state));
  bobWithdrawals.push(
    withdrawal(bob, withdrawalStates.length, 'sent', {
      chain: 'XRP',
      asset: 'XRP',
      amount: '640.25',
      fee: '0.25',
      address: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
      memo: '3271',
      txHash: digest(`${run}:bob-xrp-wd`).toUpperCase(),
    }),
  );

  const fixture: ExchangeFixture = {
    accounts: [alice, bob, carol, dave, erin, frank, grace],
    balances: [
      { userId: alice.userId, asset: 'BTC', available: '0.00012345', locked: '0.001' },
      { userId: alice.userId, asset: 'USDT', available: '1234.5', locked: '0' },
      { userId: alice.userId, asset: 'ETH', available: '123456789012.123456789012345678', locked: '0' },
      { userId: bob.userId, asset: 'USDT', available: '10', locked: '0' },
    ],
    deposits: [...aliceDeposits, aliceEvmDeposit, aliceSolDeposit, ...bobDeposits],
    withdrawals: bobWithdrawals,
  };
  const aliceDepositsNewestFirst = [...aliceDeposits, aliceEvmDeposit, aliceSolDeposit].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
  );
  const bobWithdrawalsNewestFirst = [...bobWithdrawals].reverse();
  return {
    run,
    fixture,
    alice,
    bob,
    carol,
    dave,
    erin,
    frank,
    grace,
    aliceDepositsNewestFirst,
    aliceEvmDeposit,
    aliceSolDeposit,
    bobXrpDeposit,
    bobWithdrawalsNewestFirst,
  };
}

// Exchanges may write amounts with trailing zeros ('250.50000000'); the value is what must match.
function normalizeAmount(amount: string): string {
  return amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount;
}

function normalizeBalance(balance: Balance): Balance {
  const { asset, available, locked } = balance;
  return { asset, available: normalizeAmount(available), locked: normalizeAmount(locked) };
}

function normalizeDeposit(deposit: Deposit): Deposit {
  return { ...deposit, amount: normalizeAmount(deposit.amount) };
}

function normalizeWithdrawal(withdrawal: Withdrawal): Withdrawal {
  return { ...withdrawal, amount: normalizeAmount(withdrawal.amount), fee: normalizeAmount(withdrawal.fee) };
}

function sortByAsset(balances: Balance[]): Balance[] {
  return [...balances].sort((a, b) => a.asset.localeCompare(b.asset));
}

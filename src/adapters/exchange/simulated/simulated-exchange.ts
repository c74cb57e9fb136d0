import type {
  Balance,
  Deposit,
  DepositState,
  ExchangeAccount,
  KycStatus,
  Withdrawal,
  WithdrawalState,
} from '../../../core/exchange/types.ts';
import { systemClock, type Clock } from '../../../ports/clock.ts';
import type { ExchangeGateway } from '../../../ports/exchange-gateway.ts';
import type { SqlClient } from '../../store/sql-client.ts';

const DEFAULT_LIMIT = 20;
/** Lists never return more than this, whatever the caller asks (docs/exchange-gateway.md). */
const MAX_LIMIT = 100;
/** Hex hashes (BTC, TRON, EVM, XRP, ...) compare case-insensitively; base58 ones (Solana) exactly. */
const HEX_HASH = /^(0x)?[0-9a-f]+$/i;

// pg and PGlite both return timestamptz as Date; accept ISO text too so a driver change cannot break us.
type Timestamp = Date | string;

interface AccountRow {
  user_id: string;
  name: string;
  email: string;
  locale: string;
  tier: string;
  kyc_status: KycStatus;
  kyc_level: number;
  kyc_rejection_reason: string | null;
  kyc_updated_at: Timestamp;
  frozen: boolean;
  frozen_at: Timestamp | null;
  frozen_reason: string | null;
  created_at: Timestamp;
}

interface DepositRow {
  id: string;
  user_id: string;
  asset: string;
  chain: string;
  amount: string;
  tx_hash: string;
  address: string;
  memo: string | null;
  confirmations: number;
  required_confirmations: number;
  state: DepositState;
  hold_reason: string | null;
  created_at: Timestamp;
  credited_at: Timestamp | null;
}

interface WithdrawalRow {
  id: string;
  user_id: string;
  asset: string;
  chain: string;
  amount: string;
  fee: string;
  address: string;
  memo: string | null;
  tx_hash: string | null;
  state: WithdrawalState;
  failure_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

const accountColumns = `user_id, name, email, locale, tier, kyc_status, kyc_level, kyc_rejection_reason,
  kyc_updated_at, frozen, frozen_at, frozen_reason, created_at`;
// numeric is read as text so that amounts keep every digit (never a JS number).
const depositColumns = `id, user_id, asset, chain, amount::text AS amount, tx_hash, address, memo,
  confirmations, required_confirmations, state, hold_reason, created_at, credited_at`;
const withdrawalColumns = `id, user_id, asset, chain, amount::text AS amount, fee::text AS fee, address, memo,
  tx_hash, state, failure_reason, created_at, updated_at`;

/**
 * The demo exchange: the ExchangeGateway answered from the `sim_*` tables of relaydesk's own
 * database (db/migrations/0003_exchange_simulation.sql), so it survives restarts and every node of a
 * cluster sees the same accounts. demo-data.ts fills it.
 */
export class SimulatedExchange implements ExchangeGateway {
  constructor(
    private readonly sql: SqlClient,
    private readonly clock: Clock = systemClock,
  ) {}

  async getAccount(userId: string): Promise<ExchangeAccount | null> {
    const rows = await this.sql.query<AccountRow>(
      `SELECT ${accountColumns} FROM sim_accounts WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async getBalances(userId: string): Promise<Balance[]> {
    const rows = await this.sql.query<Balance>(
      `SELECT asset, available::text AS available, locked::text AS locked
         FROM sim_balances WHERE user_id = $1 ORDER BY asset`,
      [userId],
    );
    return rows.map((row) => ({ asset: row.asset, available: row.available, locked: row.locked }));
  }

  async listDeposits(userId: string, limit?: number): Promise<Deposit[]> {
    const rows = await this.sql.query<DepositRow>(
      `SELECT ${depositColumns} FROM sim_deposits WHERE user_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [userId, pageSize(limit)],
    );
    return rows.map(toDeposit);
  }

  async findDepositByTxHash(txHash: string): Promise<Deposit | null> {
    const hash = txHash.trim();
    if (hash === '') return null;
    // One indexed lookup on lower(tx_hash); the exact spelling wins, and only hex hashes may match
    // in another case (two base58 hashes can differ by case alone).
    const rows = await this.sql.query<DepositRow>(
      `SELECT ${depositColumns} FROM sim_deposits
        WHERE lower(tx_hash) = lower($1) AND (tx_hash = $1 OR $2::boolean)
        ORDER BY (tx_hash = $1) DESC, created_at DESC LIMIT 1`,
      [hash, HEX_HASH.test(hash)],
    );
    return rows[0] ? toDeposit(rows[0]) : null;
  }

  async listWithdrawals(userId: string, limit?: number): Promise<Withdrawal[]> {
    const rows = await this.sql.query<WithdrawalRow>(
      `SELECT ${withdrawalColumns} FROM sim_withdrawals WHERE user_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [userId, pageSize(limit)],
    );
    return rows.map(toWithdrawal);
  }

  async getWithdrawal(withdrawalId: string): Promise<Withdrawal | null> {
    const rows = await this.sql.query<WithdrawalRow>(
      `SELECT ${withdrawalColumns} FROM sim_withdrawals WHERE id = $1`,
      [withdrawalId],
    );
    return rows[0] ? toWithdrawal(rows[0]) : null;
  }

  async freezeAccount(userId: string, reason: string): Promise<ExchangeAccount | null> {
    // Only an active account changes, so a second freeze keeps the first time and reason. Two
    // statements on purpose: when a concurrent freeze wins the row, the re-read sees its commit
    // (a single CTE would read its own older snapshot and answer "not frozen").
    const updated = await this.sql.query<AccountRow>(
      `UPDATE sim_accounts SET frozen = true, frozen_at = $2, frozen_reason = $3
        WHERE user_id = $1 AND NOT frozen
        RETURNING ${accountColumns}`,
      [userId, this.clock.now().toISOString(), reason],
    );
    if (updated[0]) return toAccount(updated[0]);
    return this.getAccount(userId);
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1 FROM sim_accounts LIMIT 1');
  }
}

/** An account's balance in one asset, as the simulated exchange stores it. */
export interface UserBalance extends Balance {
  userId: string;
}

/** Everything the simulated exchange holds: what demo-data.ts and the contract tests load into it. */
export interface SimulatedExchangeRecords {
  accounts: ExchangeAccount[];
  balances: UserBalance[];
  deposits: Deposit[];
  withdrawals: Withdrawal[];
}

/** How many rows a load inserted (rows already present are left as they are and not counted). */
export interface LoadCounts {
  accounts: number;
  balances: number;
  deposits: number;
  withdrawals: number;
}

/**
 * Insert records into the simulated exchange, skipping any whose id (or deposit tx hash) is
 * already there: loading twice changes nothing. Four statements; pass a transaction's client to
 * make it all-or-nothing.
 */
export async function loadSimulatedExchange(sql: SqlClient, records: SimulatedExchangeRecords): Promise<LoadCounts> {
  const accounts = await insertRows(
    sql,
    'sim_accounts',
    `user_id text, name text, email text, locale text, tier text, kyc_status text, kyc_level smallint,
     kyc_rejection_reason text, kyc_updated_at timestamptz, frozen boolean, frozen_at timestamptz,
     frozen_reason text, created_at timestamptz`,
    records.accounts.map((a) => ({
      user_id: a.userId,
      name: a.name,
      email: a.email,
      locale: a.locale,
      tier: a.tier,
      kyc_status: a.kyc.status,
      kyc_level: a.kyc.level,
      kyc_rejection_reason: a.kyc.rejectionReason,
      kyc_updated_at: a.kyc.updatedAt,
      frozen: a.frozen,
      frozen_at: a.frozenAt,
      frozen_reason: a.frozenReason,
      created_at: a.createdAt,
    })),
  );
  const balances = await insertRows(
    sql,
    'sim_balances',
    'user_id text, asset text, available numeric, locked numeric',
    records.balances.map((b) => ({ user_id: b.userId, asset: b.asset, available: b.available, locked: b.locked })),
  );
  const deposits = await insertRows(
    sql,
    'sim_deposits',
    `id text, user_id text, asset text, chain text, amount numeric, tx_hash text, address text, memo text,
     confirmations integer, required_confirmations integer, state text, hold_reason text,
     created_at timestamptz, credited_at timestamptz`,
    records.deposits.map((d) => ({
      id: d.id,
      user_id: d.userId,
      asset: d.asset,
      chain: d.chain,
      amount: d.amount,
      tx_hash: d.txHash,
      address: d.address,
      memo: d.memo,
      confirmations: d.confirmations,
      required_confirmations: d.requiredConfirmations,
      state: d.state,
      hold_reason: d.holdReason,
      created_at: d.createdAt,
      credited_at: d.creditedAt,
    })),
  );
  const withdrawals = await insertRows(
    sql,
    'sim_withdrawals',
    `id text, user_id text, asset text, chain text, amount numeric, fee numeric, address text, memo text,
     tx_hash text, state text, failure_reason text, created_at timestamptz, updated_at timestamptz`,
    records.withdrawals.map((w) => ({
      id: w.id,
      user_id: w.userId,
      asset: w.asset,
      chain: w.chain,
      amount: w.amount,
      fee: w.fee,
      address: w.address,
      memo: w.memo,
      tx_hash: w.txHash,
      state: w.state,
      failure_reason: w.failureReason,
      created_at: w.createdAt,
      updated_at: w.updatedAt,
    })),
  );
  return { accounts, balances, deposits, withdrawals };
}

/**
 * One INSERT for all rows, sent as a single JSON parameter (no limit on the number of rows, the
 * same statement on PGlite and PostgreSQL). Returns how many rows were new.
 */
async function insertRows(
  sql: SqlClient,
  table: string,
  columnTypes: string,
  rows: Array<Record<string, unknown>>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = columnTypes
    .split(',')
    .map((column) => column.trim().split(/\s+/)[0])
    .join(', ');
  const inserted = await sql.query(
    `INSERT INTO ${table} (${columns})
     SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS r(${columnTypes})
     ON CONFLICT DO NOTHING
     RETURNING 1`,
    [JSON.stringify(rows)],
  );
  return inserted.length;
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(0, Math.floor(limit)));
}

function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

function toDateOrNull(value: Timestamp | null): Date | null {
  return value === null ? null : toDate(value);
}

function toAccount(row: AccountRow): ExchangeAccount {
  return {
    userId: row.user_id,
    name: row.name,
    email: row.email,
    locale: row.locale,
    tier: row.tier,
    kyc: {
      status: row.kyc_status,
      level: Number(row.kyc_level),
      rejectionReason: row.kyc_rejection_reason,
      updatedAt: toDate(row.kyc_updated_at),
    },
    frozen: row.frozen,
    frozenAt: toDateOrNull(row.frozen_at),
    frozenReason: row.frozen_reason,
    createdAt: toDate(row.created_at),
  };
}

function toDeposit(row: DepositRow): Deposit {
  return {
    id: row.id,
    userId: row.user_id,
    asset: row.asset,
    chain: row.chain,
    amount: row.amount,
    txHash: row.tx_hash,
    address: row.address,
    memo: row.memo,
    confirmations: Number(row.confirmations),
    requiredConfirmations: Number(row.required_confirmations),
    state: row.state,
    holdReason: row.hold_reason,
    createdAt: toDate(row.created_at),
    creditedAt: toDateOrNull(row.credited_at),
  };
}

function toWithdrawal(row: WithdrawalRow): Withdrawal {
  return {
    id: row.id,
    userId: row.user_id,
    asset: row.asset,
    chain: row.chain,
    amount: row.amount,
    fee: row.fee,
    address: row.address,
    memo: row.memo,
    txHash: row.tx_hash,
    state: row.state,
    failureReason: row.failure_reason,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

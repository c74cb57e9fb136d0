import type { Balance, Deposit, ExchangeAccount, Withdrawal } from '../core/exchange/types.ts';

/**
 * The exchange's own systems as support sees them: account, KYC, balances, deposits, withdrawals,
 * and the one write support may make, freezing an account. docs/exchange-gateway.md is the
 * contract a real exchange implements (an HTTP adapter later); the simulated adapter is the demo.
 * Unknown users and ids answer `null` / empty lists, never throw.
 */
export interface ExchangeGateway {
  /** The account of an exchange user, or null when the exchange does not know the id. */
  getAccount(userId: string): Promise<ExchangeAccount | null>;
  getBalances(userId: string): Promise<Balance[]>;
  /** Most recent first, at most `limit` (default 20). */
  listDeposits(userId: string, limit?: number): Promise<Deposit[]>;
  /** Look a deposit up by its transaction hash (any user's; callers check ownership). */
  findDepositByTxHash(txHash: string): Promise<Deposit | null>;
  /** Most recent first, at most `limit` (default 20). */
  listWithdrawals(userId: string, limit?: number): Promise<Withdrawal[]>;
  getWithdrawal(withdrawalId: string): Promise<Withdrawal | null>;
  /**
   * Freeze the account at once (no withdrawals, no trading, no logins). Idempotent: freezing a
   * frozen account returns it unchanged. Null when the user is unknown.
   */
  freezeAccount(userId: string, reason: string): Promise<ExchangeAccount | null>;
  /** Whether the gateway can answer now (for /readyz). */
  ping(): Promise<void>;
}

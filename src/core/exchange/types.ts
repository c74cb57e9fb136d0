/** What support sees of a customer's exchange account (read through the ExchangeGateway port). */

export const kycStatuses = ['not_started', 'pending', 'under_review', 'approved', 'rejected'] as const;
export type KycStatus = (typeof kycStatuses)[number];

export interface ExchangeAccount {
  /** The exchange's user id: the `sub` of the customer's signed token. */
  userId: string;
  name: string;
  email: string;
  locale: string;
  tier: string;
  kyc: { status: KycStatus; level: number; rejectionReason: string | null; updatedAt: Date };
  frozen: boolean;
  frozenAt: Date | null;
  frozenReason: string | null;
  createdAt: Date;
}

export interface Balance {
  asset: string;
  available: string;
  locked: string;
}

export const depositStates = ['pending', 'confirming', 'credited', 'failed', 'on_hold'] as const;
export type DepositState = (typeof depositStates)[number];

export interface Deposit {
  id: string;
  userId: string;
  asset: string;
  /** Network the deposit travelled on, e.g. `TRC20`, `ERC20`, `BTC`. */
  chain: string;
  amount: string;
  txHash: string;
  address: string;
  memo: string | null;
  confirmations: number;
  requiredConfirmations: number;
  state: DepositState;
  /** Why a deposit is on hold (missing memo, unsupported network, compliance review). */
  holdReason: string | null;
  createdAt: Date;
  creditedAt: Date | null;
}

export const withdrawalStates = [
  'requested',
  'under_review',
  'processing',
  'sent',
  'completed',
  'failed',
  'cancelled',
  'rejected',
] as const;
export type WithdrawalState = (typeof withdrawalStates)[number];

export interface Withdrawal {
  id: string;
  userId: string;
  asset: string;
  chain: string;
  amount: string;
  fee: string;
  address: string;
  memo: string | null;
  txHash: string | null;
  state: WithdrawalState;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

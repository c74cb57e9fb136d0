-- The simulated exchange behind the ExchangeGateway port (src/adapters/exchange/simulated): the demo
-- exchange's accounts, balances, deposits and withdrawals. They live in the same database so the demo
-- survives restarts and every node of a cluster sees one exchange. A real exchange is reached through
-- the exchange/http adapter and never touches these tables (docs/exchange-gateway.md).
-- Forward-only: never edit a committed migration, add a new one.
-- Amounts are `numeric` without a scale, so the text an amount was written with ('0.00012', '250.5')
-- is the text read back: no float rounding, no padded zeros.

CREATE TABLE sim_accounts (
  user_id               text PRIMARY KEY,    -- the exchange's user id: the `sub` of the customer's token
  name                  text NOT NULL,
  email                 text NOT NULL,
  locale                text NOT NULL,
  tier                  text NOT NULL,
  kyc_status            text NOT NULL,
  kyc_level             smallint NOT NULL,
  kyc_rejection_reason  text,
  kyc_updated_at        timestamptz NOT NULL,
  frozen                boolean NOT NULL DEFAULT false,
  frozen_at             timestamptz,
  frozen_reason         text,
  created_at            timestamptz NOT NULL,
  CONSTRAINT sim_accounts_tier_check CHECK (tier IN ('regular','vip1','vip2','vip3')),
  CONSTRAINT sim_accounts_kyc_status_check CHECK (kyc_status IN
    ('not_started','pending','under_review','approved','rejected')),
  CONSTRAINT sim_accounts_kyc_level_check CHECK (kyc_level BETWEEN 0 AND 3),
  CONSTRAINT sim_accounts_kyc_rejection_check CHECK (kyc_rejection_reason IS NULL OR kyc_status = 'rejected'),
  -- A frozen account always says since when and why; an active one carries neither.
  CONSTRAINT sim_accounts_frozen_check CHECK (
    (frozen AND frozen_at IS NOT NULL AND frozen_reason IS NOT NULL)
    OR (NOT frozen AND frozen_at IS NULL AND frozen_reason IS NULL))
);

CREATE TABLE sim_balances (
  user_id    text NOT NULL REFERENCES sim_accounts(user_id) ON DELETE CASCADE,
  asset      text NOT NULL,
  available  numeric NOT NULL,
  locked     numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, asset),
  CONSTRAINT sim_balances_non_negative CHECK (available >= 0 AND locked >= 0)
);

CREATE TABLE sim_deposits (
  id                      text PRIMARY KEY,
  user_id                 text NOT NULL REFERENCES sim_accounts(user_id) ON DELETE CASCADE,
  asset                   text NOT NULL,
  chain                   text NOT NULL,     -- network code: BTC, ERC20, TRC20, BEP20, SOL, XRP, XLM, TON, ...
  amount                  numeric NOT NULL,
  tx_hash                 text NOT NULL,
  address                 text NOT NULL,     -- the deposit address the funds were sent to
  memo                    text,              -- memo / destination tag, on chains that need one
  confirmations           integer NOT NULL DEFAULT 0,
  required_confirmations  integer NOT NULL,
  state                   text NOT NULL,
  hold_reason             text,              -- a code: missing_memo, unsupported_network, compliance_review
  created_at              timestamptz NOT NULL,
  credited_at             timestamptz,
  CONSTRAINT sim_deposits_tx_hash_unique UNIQUE (tx_hash),
  CONSTRAINT sim_deposits_state_check CHECK (state IN ('pending','confirming','credited','failed','on_hold')),
  CONSTRAINT sim_deposits_amount_check CHECK (amount > 0),
  CONSTRAINT sim_deposits_confirmations_check CHECK (confirmations >= 0 AND required_confirmations >= 1),
  CONSTRAINT sim_deposits_hold_check CHECK ((state = 'on_hold') = (hold_reason IS NOT NULL)),
  CONSTRAINT sim_deposits_credited_check CHECK ((state = 'credited') = (credited_at IS NOT NULL))
);
CREATE INDEX sim_deposits_user ON sim_deposits (user_id, created_at DESC, id DESC);
-- Hex hashes are looked up case-insensitively (customers paste them in either case).
CREATE INDEX sim_deposits_tx_hash_lower ON sim_deposits (lower(tx_hash));

CREATE TABLE sim_withdrawals (
  id              text PRIMARY KEY,
  user_id         text NOT NULL REFERENCES sim_accounts(user_id) ON DELETE CASCADE,
  asset           text NOT NULL,
  chain           text NOT NULL,
  amount          numeric NOT NULL,
  fee             numeric NOT NULL,
  address         text NOT NULL,             -- the destination address
  memo            text,
  tx_hash         text,                      -- set once the transaction is broadcast
  state           text NOT NULL,
  failure_reason  text,                      -- a code: why it failed, was rejected or cancelled
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT sim_withdrawals_state_check CHECK (state IN
    ('requested','under_review','processing','sent','completed','failed','cancelled','rejected')),
  CONSTRAINT sim_withdrawals_amount_check CHECK (amount > 0 AND fee >= 0),
  CONSTRAINT sim_withdrawals_broadcast_check CHECK (state NOT IN ('sent','completed') OR tx_hash IS NOT NULL),
  CONSTRAINT sim_withdrawals_failure_check CHECK (
    failure_reason IS NULL OR state IN ('failed','cancelled','rejected')),
  CONSTRAINT sim_withdrawals_updated_check CHECK (updated_at >= created_at)
);
CREATE INDEX sim_withdrawals_user ON sim_withdrawals (user_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX sim_withdrawals_tx_hash ON sim_withdrawals (tx_hash) WHERE tx_hash IS NOT NULL;

-- A secret the guard removed from a customer's message, flagged for the security team: a customer
-- who pasted a seed phrase or a key may be talking to a scammer, and their funds may need moving.
-- One row per guarded message; the row, the redaction of earlier messages that held part of the
-- same phrase, and the conversation event are committed together. Forward-only migration.
CREATE TABLE secret_exposures (
  id               bigserial PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  seq              integer NOT NULL,             -- the message that held (or completed) the secret
  customer_id      text NOT NULL,
  kinds            text[] NOT NULL,              -- 'seed_phrase', 'private_key', …
  redacted_seqs    integer[] NOT NULL,           -- earlier messages rewritten because of it
  created_at       timestamptz NOT NULL,
  reviewed_by      text,                         -- the security agent who handled it
  reviewed_at      timestamptz,
  review_note      text,
  CONSTRAINT secret_exposures_message_unique UNIQUE (conversation_id, seq)
);
CREATE INDEX secret_exposures_open ON secret_exposures (id DESC) WHERE reviewed_at IS NULL;

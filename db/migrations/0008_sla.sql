-- SLA policies and each conversation's SLA clocks. The clocks are derived from the conversation's
-- event log: `last_event_id` is how far they have read (a conversation's events commit in id
-- order under its row lock). SLA events (sla.warning_reached, sla.breached, sla.met) are rows of
-- `events` like every other. Forward-only migration.
CREATE TABLE sla_policies (
  id                  uuid PRIMARY KEY,
  name                text NOT NULL UNIQUE,
  position            integer NOT NULL,          -- order among equally specific policies
  match               jsonb NOT NULL,            -- {priorities?, departments?, channels?}
  targets             jsonb NOT NULL,            -- {firstResponseMs, nextResponseMs, resolutionMs}
  warn_at_fraction    double precision NOT NULL,
  escalate_on_breach  boolean NOT NULL,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);

CREATE TABLE conversation_sla (
  conversation_id  uuid PRIMARY KEY REFERENCES conversations(id),
  clocks           jsonb NOT NULL,               -- {first_response?, next_response?, resolution?}
  last_event_id    bigint NOT NULL,
  updated_at       timestamptz NOT NULL
);

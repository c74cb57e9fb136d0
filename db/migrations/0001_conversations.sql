-- Customers, agents, conversations, messages and their events: the conversation model of
-- docs/architecture.md. Forward-only: never edit a committed migration, add a new one.

CREATE TABLE customers (
  id          text PRIMARY KEY,              -- the exchange's user id (token `sub`) or visitor:<uuid>
  name        text,
  email       text,
  locale      text,
  tier        text,
  visitor     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
  id             uuid PRIMARY KEY,
  email          text NOT NULL UNIQUE,
  name           text NOT NULL,
  roles          text[] NOT NULL,
  password_hash  text NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_sessions (
  token_hash  text PRIMARY KEY,              -- sha256 of the cookie value; the value itself is never stored
  agent_id    uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);

CREATE TABLE conversations (
  id                    uuid PRIMARY KEY,    -- UUIDv7: time-ordered, the pagination cursor
  customer_id           text NOT NULL REFERENCES customers(id),
  channel               text NOT NULL,
  state                 text NOT NULL,
  department            text NOT NULL,
  language              text NOT NULL,
  priority              text NOT NULL,
  assignee_id           uuid REFERENCES agents(id),
  subject               text NOT NULL,
  last_seq              integer NOT NULL,
  version               integer NOT NULL,
  origin_client_msg_id  text NOT NULL,       -- the first message's clientMsgId: makes creation idempotent
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  resolved_at           timestamptz,
  closed_at             timestamptz,
  CONSTRAINT conversations_state_check CHECK (state IN
    ('bot','queued','assigned','waiting_customer','waiting_internal','resolved','closed')),
  CONSTRAINT conversations_origin_unique UNIQUE (customer_id, origin_client_msg_id)
);
CREATE INDEX conversations_customer ON conversations (customer_id, id DESC);
CREATE INDEX conversations_state ON conversations (state, id DESC);
CREATE INDEX conversations_department ON conversations (department, state, id DESC);
CREATE INDEX conversations_assignee ON conversations (assignee_id, state, id DESC);

CREATE TABLE messages (
  id               uuid PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  seq              integer NOT NULL,
  client_msg_id    text NOT NULL,
  author_kind      text NOT NULL,
  author_id        text,
  body             text NOT NULL,
  visibility       text NOT NULL,
  created_at       timestamptz NOT NULL,
  CONSTRAINT messages_seq_unique UNIQUE (conversation_id, seq),
  CONSTRAINT messages_client_msg_id_unique UNIQUE (conversation_id, client_msg_id),
  CONSTRAINT messages_visibility_check CHECK (visibility IN ('public','internal'))
);

-- Every state change and message is an event row, committed with it: the audit trail, the source
-- of metrics, and the outbox that the bus publishes from (published_at is set after publishing).
CREATE TABLE events (
  id               bigserial PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  type             text NOT NULL,
  actor_kind       text NOT NULL,
  actor_id         text,
  payload          jsonb NOT NULL,
  occurred_at      timestamptz NOT NULL,
  published_at     timestamptz
);
CREATE INDEX events_conversation ON events (conversation_id, id);
CREATE INDEX events_unpublished ON events (id) WHERE published_at IS NULL;

CREATE TABLE read_receipts (
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  reader_kind      text NOT NULL,
  reader_id        text NOT NULL,
  seq              integer NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, reader_kind, reader_id)
);

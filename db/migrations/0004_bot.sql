-- The support bot: quick replies on messages, the bot's memory per conversation, and the handoff
-- records routing and agents read. Forward-only: never edit a committed migration, add a new one.

-- Buttons the bot offered (`{"buttons": [{"id","label"}]}`), the button a customer pressed
-- (`{"quickReply": "freeze:yes"}`) and what the secrets guard removed (`{"redactions": [...]}`).
ALTER TABLE messages ADD COLUMN metadata jsonb;

CREATE TABLE bot_sessions (
  conversation_id  uuid PRIMARY KEY REFERENCES conversations(id),
  session          jsonb NOT NULL,
  -- The seq of the last customer message the bot answered: a late or repeated job for an older
  -- message is skipped instead of answered twice.
  handled_seq      integer NOT NULL,
  updated_at       timestamptz NOT NULL
);

CREATE TABLE handoffs (
  id               bigserial PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  record           jsonb NOT NULL,
  created_at       timestamptz NOT NULL
);
CREATE INDEX handoffs_conversation ON handoffs (conversation_id, id DESC);

-- A network declared delayed by an admin: the bot tells customers whose withdrawals are affected.
CREATE TABLE network_incidents (
  id           uuid PRIMARY KEY,
  chain        text NOT NULL,
  message      jsonb NOT NULL,              -- {"en": "...", "es": "..."}: the customer-facing text per language
  declared_at  timestamptz NOT NULL,
  resolved_at  timestamptz
);
CREATE INDEX network_incidents_open ON network_incidents (chain) WHERE resolved_at IS NULL;

-- The knowledge base the bot answers from (and, later, the help center): one article, many
-- translations. Seeded from content/kb at start without overwriting edits made since.
CREATE TABLE kb_articles (
  slug        text PRIMARY KEY,
  department  text NOT NULL,
  intents     text[] NOT NULL,
  tags        text[] NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE kb_translations (
  slug        text NOT NULL REFERENCES kb_articles(slug) ON DELETE CASCADE,
  language    text NOT NULL,
  title       text NOT NULL,
  summary     text NOT NULL,
  body        text NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (slug, language)
);

-- Labelled examples beyond the shipped content/intents: agents' corrections and an exchange's own
-- history, added through the admin API or `relaydesk train --add FILE`. The intent model trains on
-- both at the next start (or `relaydesk train`). Forward-only: never edit a committed migration.
CREATE TABLE intent_examples (
  id          bigserial PRIMARY KEY,
  text        text NOT NULL,              -- already passed through the secrets guard
  intent      text NOT NULL,
  language    text,
  source      text NOT NULL,              -- 'api' (an agent or admin) or 'import' (a file)
  added_by    text,                       -- the agent's id for 'api'
  created_at  timestamptz NOT NULL,
  CONSTRAINT intent_examples_unique UNIQUE (text, intent)
);

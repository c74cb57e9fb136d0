-- Investigations: a linked internal case another department looks into before the agent can
-- answer, with its own owner and deadline. Forward-only migration.
CREATE TABLE investigations (
  id               uuid PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  department       text NOT NULL,
  title            text NOT NULL,
  details          text NOT NULL,
  state            text NOT NULL CHECK (state IN ('open', 'resolved')),
  opened_by        text NOT NULL,
  owner_id         uuid REFERENCES agents(id),
  due_at           timestamptz NOT NULL,
  resolution       text,
  created_at       timestamptz NOT NULL,
  resolved_at      timestamptz
);
CREATE INDEX investigations_conversation ON investigations (conversation_id, created_at);
CREATE INDEX investigations_open ON investigations (department, due_at) WHERE state = 'open';

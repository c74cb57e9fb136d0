-- Routing: who works where (teams, agents' skills and capacity, presence), and where each queued
-- conversation waits. The database is the truth; a node's in-memory routing board is rebuilt from
-- it. Forward-only: never edit a committed migration, add a new one.

-- A team serves one department on its own business hours (24/7 unless told).
CREATE TABLE teams (
  id           uuid PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  department   text NOT NULL,
  calendar     jsonb NOT NULL,             -- {timeZone, weekly: 'always' | {mon: [{start,end}], …}, holidays: ['YYYY-MM-DD']}
  assignment   text NOT NULL DEFAULT 'push' CHECK (assignment IN ('push', 'pull')),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);

-- What an agent can take: departments, languages with proficiency, tier, and how many chats at once.
CREATE TABLE agent_profiles (
  agent_id            uuid PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
  team_id             uuid REFERENCES teams(id) ON DELETE SET NULL,
  departments         text[] NOT NULL,
  languages           jsonb NOT NULL,      -- [{"language": "ru", "proficiency": "native"}]
  tier                text NOT NULL CHECK (tier IN ('tier1', 'tier2', 'senior')),
  capacity            integer NOT NULL CHECK (capacity BETWEEN 0 AND 50),
  presence            text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
  presence_changed_at timestamptz NOT NULL,
  last_assigned_at    timestamptz,         -- round robin among equals
  updated_at          timestamptz NOT NULL
);
CREATE INDEX agent_profiles_online ON agent_profiles (presence) WHERE presence = 'online';

-- When a conversation joined its queue (waiting time, position and fairness count from here), and
-- the lowest tier that may take it after an escalation.
ALTER TABLE conversations ADD COLUMN queued_at timestamptz;
ALTER TABLE conversations ADD COLUMN min_tier text NOT NULL DEFAULT 'tier1';
UPDATE conversations SET queued_at = updated_at WHERE state = 'queued';
CREATE INDEX conversations_queue ON conversations (department, language, queued_at) WHERE state = 'queued';
CREATE INDEX conversations_assignee_open ON conversations (assignee_id)
  WHERE state IN ('assigned', 'waiting_customer', 'waiting_internal');

-- Overflow per queue (department, and language or '*' for all of the department's languages).
CREATE TABLE queue_overflow_rules (
  department                  text NOT NULL,
  language                    text NOT NULL,  -- a language code, or '*'
  lower_proficiency_after_ms  integer CHECK (lower_proficiency_after_ms >= 0),
  english_after_ms            integer CHECK (english_after_ms >= 0),
  updated_at                  timestamptz NOT NULL,
  PRIMARY KEY (department, language)
);

-- Entering a queue (from the bot, a transfer, a re-queue, or created there) stamps queued_at,
-- whichever statement made the change; a move between queues keeps the customer's waiting time.
-- The routing dispatcher reads the queues from here (docs/decisions/007-routing-from-the-database.md).
CREATE FUNCTION conversations_enter_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'queued' THEN
    IF TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM 'queued' THEN
      NEW.queued_at := NEW.updated_at;
    END IF;
  ELSE
    NEW.queued_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER conversations_enter_queue BEFORE INSERT OR UPDATE OF state ON conversations
  FOR EACH ROW EXECUTE FUNCTION conversations_enter_queue();

-- Durable jobs (docs/decisions/003-durable-jobs.md): claimed with FOR UPDATE SKIP LOCKED under a
-- lease; a job whose worker died is claimed again when the lease runs out.
CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL,
  payload       jsonb NOT NULL,
  key           text,
  run_at        timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 10,
  lease_token   uuid,
  locked_until  timestamptz,
  last_error    text,
  done_at       timestamptz,
  dead_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- At most one pending job per key (e.g. one auto-close per conversation).
CREATE UNIQUE INDEX jobs_pending_key ON jobs (key) WHERE done_at IS NULL AND dead_at IS NULL;
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND dead_at IS NULL;

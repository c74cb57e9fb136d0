/** The hot writes, each one SQL statement (one round trip). Parameters are documented in SqlStore. */
import { conversationColumns } from './rows.ts';

/**
 * Durable jobs committed in the same statement as a message (the bot's answer, the secrets warning):
 * none is lost between commit and enqueue. `param` holds a JSON array of JobDrafts, or NULL.
 */
const committedJobsCte = (param: string): string => `jb AS (
  INSERT INTO jobs (kind, payload, key, run_at, max_attempts)
  SELECT j.value->>'kind', j.value->'payload', j.value->>'key', (j.value->>'runAt')::timestamptz,
    COALESCE((j.value->>'maxAttempts')::int, 10)
  FROM conv CROSS JOIN jsonb_array_elements(COALESCE(${param}::jsonb, '[]'::jsonb)) AS j(value)
  ON CONFLICT (key) WHERE done_at IS NULL AND dead_at IS NULL DO NOTHING
),
`;

/**
 * Create a conversation, its customer (if new), its first message and both events in ONE
 * statement: the hottest write, one round trip (see ../shared/notes/storage-ceilings.md).
 */
export const createConversationSql = `
WITH cust AS (
  INSERT INTO customers (id, visitor) VALUES ($2, $14) ON CONFLICT (id) DO NOTHING
),
existing AS (
  SELECT id FROM conversations WHERE customer_id = $2 AND origin_client_msg_id = $10
),
conv AS (
  INSERT INTO conversations (id, customer_id, channel, state, department, language, priority,
    subject, last_seq, version, origin_client_msg_id, created_at, updated_at)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, 1, 1, $10, $13, $13
  WHERE NOT EXISTS (SELECT 1 FROM existing)
  RETURNING id
),
msg AS (
  INSERT INTO messages (id, conversation_id, seq, client_msg_id, author_kind, author_id, body,
    visibility, metadata, created_at)
  SELECT $9, conv.id, 1, $10, 'customer', $2, $11, 'public', $15::jsonb, $13 FROM conv
  RETURNING id
),
${committedJobsCte('$16')}ev AS (
  INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
  SELECT conv.id, e.value->>'type', 'customer', $2, e.value, $13
  FROM conv CROSS JOIN LATERAL jsonb_array_elements($12::jsonb) WITH ORDINALITY AS e(value, ord)
  ORDER BY e.ord
  RETURNING id
)
SELECT (SELECT id FROM existing)::text AS existing_id,
       (SELECT array_agg(id::text ORDER BY id) FROM ev) AS event_ids`;

/**
 * Append a message with the next seq and apply the core's decision, in ONE statement. The
 * version check makes it fail (no row) when a state change raced it; the caller retries.
 */
export const appendMessageSql = `
WITH existing AS (
  SELECT id FROM messages WHERE conversation_id = $1 AND client_msg_id = $2
),
conv AS (
  UPDATE conversations SET last_seq = last_seq + 1, updated_at = $9, state = $10,
    department = $11, language = $12, priority = $13, assignee_id = $14, resolved_at = $15,
    closed_at = $16, version = $17
  WHERE id = $1 AND version = $18 AND NOT EXISTS (SELECT 1 FROM existing)
  RETURNING ${conversationColumns}
),
msg AS (
  INSERT INTO messages (id, conversation_id, seq, client_msg_id, author_kind, author_id, body,
    visibility, metadata, created_at)
  SELECT $3, conv.id, conv.last_seq, $2, $4, $5, $6, $7, $21::jsonb, $9 FROM conv
  RETURNING id, seq, author_kind, visibility
),
${committedJobsCte('$22')}ev AS (
  INSERT INTO events (conversation_id, type, actor_kind, actor_id, payload, occurred_at)
  SELECT conv.id, x.payload->>'type', $19, $20, x.payload, $9
  FROM conv, msg CROSS JOIN LATERAL (
    SELECT 0::bigint AS ord, jsonb_build_object('type', 'conversation.message_posted',
      'messageId', msg.id::text, 'seq', msg.seq, 'authorKind', msg.author_kind,
      'visibility', msg.visibility) AS payload
    UNION ALL
    SELECT e.ord, e.value FROM jsonb_array_elements($8::jsonb) WITH ORDINALITY AS e(value, ord)
  ) AS x
  ORDER BY x.ord
  RETURNING id
)
SELECT conv.*, (SELECT id FROM existing)::text AS existing_id,
       (SELECT array_agg(id::text ORDER BY id) FROM ev) AS event_ids
FROM (SELECT 1) AS one LEFT JOIN conv ON true`;


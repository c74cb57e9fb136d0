import type { Conversation, ConversationState, Department, Language } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { requirePermission } from './access.ts';

export interface ConversationQuery {
  states?: ConversationState[] | undefined;
  department?: Department | undefined;
  language?: Language | undefined;
  /** An agent id, `me`, or `none` for unassigned. */
  assignee?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface ConversationPage {
  conversations: Conversation[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Customers see their own conversations; agents filter everyone's. Newest first, by cursor. */
export async function listConversations(deps: AppDeps, principal: Principal, query: ConversationQuery): Promise<ConversationPage> {
  let assigneeId: string | null | undefined;
  if (principal.kind === 'agent') {
    requirePermission(principal, 'conversation.read');
    if (query.assignee === 'me') assigneeId = principal.agentId;
    else if (query.assignee === 'none') assigneeId = null;
    else assigneeId = query.assignee;
  }
  const rows = await deps.store.listConversations({
    customerId: principal.kind === 'customer' ? principal.customerId : undefined,
    states: query.states,
    department: query.department,
    language: query.language,
    assigneeId,
    before: query.cursor,
    limit: query.limit + 1,
  });
  const conversations = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? (conversations.at(-1)?.id ?? null) : null;
  return { conversations, nextCursor };
}

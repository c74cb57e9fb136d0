import type { Conversation } from '../../core/conversations/types.ts';
import type { WireConversation } from '../../app/events/wire-event.ts';
import { presentConversation } from '../presenters.ts';

/** What a customer sees of their conversation: no internal routing details. */
export function customerView(conversation: Conversation | WireConversation) {
  const shown = 'createdAt' in conversation && conversation.createdAt instanceof Date
    ? presentConversation(conversation as Conversation)
    : (conversation as WireConversation);
  const { assigneeId: _assignee, version: _version, priority: _priority, ...rest } = shown;
  return rest;
}

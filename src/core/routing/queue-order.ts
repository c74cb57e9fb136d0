/** Queue order: who is served first among conversations waiting for the same agents. */
import { priorities, type Priority } from '../conversations/types.ts';
import { tierBoostOf } from './policy.ts';
import type { QueuedConversation, RoutingPolicy } from './types.ts';

/** 0 for urgent … 3 for low: a smaller rank is served first. */
export const priorityRank = (priority: Priority): number => priorities.indexOf(priority);

/** When the conversation counts as having entered the queue: earlier by its customer tier's boost. */
export const effectiveQueuedAt = (conversation: QueuedConversation, policy: RoutingPolicy): number =>
  conversation.queuedAt - tierBoostOf(conversation, policy);

/** Code-unit order, not the locale's: the same on every node, so every node ranks alike. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The queue comparator: priority first (urgent, high, normal, low), then the longer effective
 * wait, then the id. Total (the id breaks every tie), so a sort gives one order whatever the input.
 */
export function queueOrder(policy: RoutingPolicy): (a: QueuedConversation, b: QueuedConversation) => number {
  return (a, b) =>
    priorityRank(a.priority) - priorityRank(b.priority) ||
    effectiveQueuedAt(a, policy) - effectiveQueuedAt(b, policy) ||
    compareIds(a.id, b.id);
}

/** The conversations in queue order (a new array). */
export function inQueueOrder<T extends QueuedConversation>(queued: readonly T[], policy: RoutingPolicy): T[] {
  return [...queued].sort(queueOrder(policy));
}

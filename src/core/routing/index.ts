/** The routing core: who takes which queued conversation, decided purely (see docs/decisions/007). */
export * from './types.ts';
export * from './policy.ts';
export * from './queue-order.ts';
export * from './assignment.ts';
export { RoutingBoard } from './routing-board.ts';
export { escalate, type EscalationDecision, type EscalationRequest } from './escalation.ts';
export { tiers, proficiencies, tierAtLeast } from './organisation.ts';

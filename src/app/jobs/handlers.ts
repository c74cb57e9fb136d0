import { answerCustomer, answerCustomerJobKind } from '../bot/answer-customer.ts';
import { closeResolvedConversation, closeResolvedJobKind } from '../conversations/close-resolved-conversation.ts';
import { offlineIfAway, offlineIfAwayJobKind } from '../routing/set-presence.ts';
import { advanceSla, slaTimerJobKind, trackSlaJobKind } from '../sla/advance-sla.ts';
import { warnCustomer, warnCustomerJobKind } from '../secrets/warn-customer.ts';
import type { JobHandler } from './job-worker.ts';

/** Every durable job kind and the use case that handles it. Add new kinds here. */
export const jobHandlers: Record<string, JobHandler> = {
  [closeResolvedJobKind]: closeResolvedConversation,
  [answerCustomerJobKind]: answerCustomer,
  [warnCustomerJobKind]: warnCustomer,
  [offlineIfAwayJobKind]: offlineIfAway,
  [trackSlaJobKind]: advanceSla,
  [slaTimerJobKind]: advanceSla,
};

import { DomainError } from '../../core/errors.ts';
import { openingPlacement } from '../../core/conversations/opening.ts';
import type { Channel, Department, Language, Priority } from '../../core/conversations/types.ts';
import type { CustomerPrincipal } from '../../core/identity/roles.ts';
import type { CommittedMessage } from '../../ports/store.ts';
import { answerCustomerJob } from '../bot/answer-customer.ts';
import { guardCustomerMessage } from '../secrets/guard-customer-message.ts';
import { warnCustomerJob } from '../secrets/warn-customer.ts';
import type { AppDeps } from '../deps.ts';

export interface StartConversationInput {
  clientMsgId: string;
  body: string;
  channel?: Channel | undefined;
  department?: Department | undefined;
  language?: Language | undefined;
  priority?: Priority | undefined;
  subject?: string | undefined;
}

/** A customer opens a request with its first message; repeating the call returns the same conversation. */
export async function startConversation(
  deps: AppDeps,
  customer: CustomerPrincipal,
  input: StartConversationInput,
): Promise<CommittedMessage> {
  const now = deps.clock.now();
  const guarded = await guardCustomerMessage(deps, customer.customerId, null, input.body);
  const placement = openingPlacement({ ...input, body: guarded.body }, customer.locale, deps.settings.botEnabled);
  const id = deps.newId();
  const result = await deps.store.createConversation({
    id,
    customerId: customer.customerId,
    channel: input.channel ?? 'webchat',
    ...placement,
    firstMessage: {
      id: deps.newId(),
      clientMsgId: input.clientMsgId,
      body: guarded.body,
      metadata: guarded.redactions.length > 0 ? { redactions: guarded.redactions } : null,
    },
    jobs: [
      ...(guarded.redactions.length > 0 ? [warnCustomerJob(id, 1, guarded.redactions, [], now)] : []),
      ...(placement.state === 'bot' ? [answerCustomerJob(id, 1, now)] : []),
    ],
    now,
  });
  if (result.duplicate) {
    if (result.message.body !== input.body && result.message.body !== guarded.body) throw new DomainError('client_msg_id_reused');
    return result;
  }
  deps.events.publish(result.events);
  return result;
}

import { DomainError } from '../../core/errors.ts';
import { openingPlacement } from '../../core/conversations/opening.ts';
import type { Channel, Department, Language, Priority } from '../../core/conversations/types.ts';
import type { CustomerPrincipal } from '../../core/identity/roles.ts';
import type { CommittedMessage } from '../../ports/store.ts';
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
  const placement = openingPlacement(input, customer.locale);
  const result = await deps.store.createConversation({
    id: deps.newId(),
    customerId: customer.customerId,
    channel: input.channel ?? 'webchat',
    ...placement,
    firstMessage: { id: deps.newId(), clientMsgId: input.clientMsgId, body: input.body },
    now,
  });
  if (result.duplicate) {
    if (result.message.body !== input.body) throw new DomainError('client_msg_id_reused');
    return result;
  }
  deps.events.publish(result.events);
  return result;
}

import type { IntentCatalogue } from '../../core/bot/catalogue.ts';
import { DomainError } from '../../core/errors.ts';
import type { Language } from '../../core/conversations/types.ts';
import { guardSecrets } from '../../core/secrets/guard.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { TrainingExample } from '../../ports/bot.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

export interface NewTrainingExample {
  text: string;
  intent: string;
  language?: Language | undefined;
}

/**
 * Teach the bot: store labelled examples (an agent's correction of a misread message, or an
 * exchange's own history). Unknown intents are refused; secrets are removed before storing, as
 * everywhere. The model learns them at the next start or `relaydesk train`.
 */
export async function addTrainingExamples(
  deps: Pick<AppDeps, 'botStore' | 'clock'> & { catalogue: IntentCatalogue },
  agent: AgentPrincipal | null,
  examples: NewTrainingExample[],
): Promise<{ added: number; skipped: number }> {
  if (agent) requirePermission(agent, 'bot.train');
  const unknown = [...new Set(examples.map((e) => e.intent).filter((intent) => !deps.catalogue.has(intent)))];
  if (unknown.length > 0) throw new DomainError('validation_failed', `Unknown intent: ${unknown.join(', ')}`, { unknownIntents: unknown });
  const stored: TrainingExample[] = examples.map((e) => ({
    text: guardSecrets(e.text).text,
    intent: e.intent,
    language: e.language ?? null,
    source: agent ? 'api' : 'import',
    addedBy: agent?.agentId ?? null,
  }));
  const added = await deps.botStore.addTrainingExamples(stored, deps.clock.now());
  return { added, skipped: examples.length - added };
}

/** The intent catalogue the bot classifies into: ids, owning department, base priority. */
import type { Department, Priority } from '../conversations/types.ts';

export interface IntentDefinition {
  id: string;
  department: Department;
  priority: Priority;
  description: string;
}

/** Intents with behaviour of their own; every other intent is answered from the knowledge base. */
export const specialIntents = {
  outOfScope: 'out_of_scope',
  greeting: 'greeting',
  talkToHuman: 'talk_to_human',
  complaint: 'complaint',
} as const;

export class IntentCatalogue {
  private readonly byId: Map<string, IntentDefinition>;

  constructor(readonly intents: readonly IntentDefinition[]) {
    this.byId = new Map(intents.map((intent) => [intent.id, intent]));
  }

  /** The definition of `id`; unknown ids (an old model) fall back to out_of_scope's. */
  get(id: string): IntentDefinition {
    return this.byId.get(id) ?? this.byId.get(specialIntents.outOfScope) ?? {
      id, department: 'general', priority: 'normal', description: id,
    };
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}

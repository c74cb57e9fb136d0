/** A small accumulator the flows write their replies, actions and session changes into. */
import type { Language, Priority } from '../../conversations/types.ts';
import type { HandoffRecord } from '../events.ts';
import { describeHandoff } from '../handoff.ts';
import type { BotAwaiting, BotSession } from '../session.ts';
import { intentLabel, say, type BotTextKey, type TextValues } from '../texts.ts';
import type { BotAction, BotInput, BotReply, BotTurn, QuickReply } from '../turn-types.ts';

export const choices = {
  human: 'human',
  solvedYes: 'solved:yes',
  solvedNo: 'solved:no',
  freezeYes: 'freeze:yes',
  freezeNo: 'freeze:no',
  intent: (id: string) => `intent:${id}`,
  deposit: (id: string) => `deposit:${id}`,
  withdrawal: (id: string) => `withdrawal:${id}`,
} as const;

export class TurnBuilder {
  readonly replies: BotReply[] = [];
  readonly actions: BotAction[] = [];
  session: BotSession;

  constructor(readonly input: BotInput) {
    this.session = { ...input.session, language: input.language, turns: input.session.turns + 1 };
  }

  get language(): Language {
    return this.input.language;
  }

  text(key: BotTextKey, values: TextValues = {}): string {
    return say(this.input.texts, this.language, key, values);
  }

  reply(key: BotTextKey, values: TextValues = {}, buttons: QuickReply[] = []): this {
    this.replies.push({ text: this.text(key, values), buttons });
    return this;
  }

  button(id: string, key: BotTextKey): QuickReply {
    return { id, label: this.text(key) };
  }

  intentButton(intent: string): QuickReply {
    return { id: choices.intent(intent), label: intentLabel(this.input.texts, this.language, intent) };
  }

  await(awaiting: BotAwaiting | null): this {
    this.session = { ...this.session, awaiting };
    return this;
  }

  tried(step: string): this {
    this.session = { ...this.session, tried: [...this.session.tried, step].slice(-20) };
    return this;
  }

  /** Ask whether the answer solved it: "no" (or a human button) hands over. */
  askSolved(intent: string): this {
    const last = this.replies.at(-1);
    const buttons = [this.button(choices.solvedYes, 'button_yes'), this.button(choices.solvedNo, 'button_no')];
    if (last && last.buttons.length === 0) last.buttons = buttons;
    else this.replies.push({ text: this.text('solved_question'), buttons });
    return this.await({ kind: 'solved_confirm', intent });
  }

  resolve(): this {
    this.actions.push({ type: 'resolve' });
    return this.await(null);
  }

  freeze(): this {
    this.actions.push({ type: 'freeze_account' });
    return this;
  }

  /** Hand the conversation to a person, with the record routing and the agent need. */
  handOver(reason: HandoffRecord['reason'], options: { intent?: string; priority?: Priority } = {}): this {
    const intentId = options.intent ?? this.session.intent ?? 'talk_to_human';
    const definition = this.input.catalogue.get(intentId);
    const record: Omit<HandoffRecord, 'summary'> = {
      intent: intentId,
      confidence: this.session.confidence,
      language: this.language,
      entities: this.session.entities,
      tried: this.session.tried,
      department: definition.department,
      priority: options.priority ?? definition.priority,
      reason,
    };
    this.actions.push({ type: 'hand_over', handoff: { ...record, summary: describeHandoff(record) } });
    const urgent = record.priority === 'urgent';
    this.reply(urgent ? 'handover_urgent' : 'handover');
    return this.await(null);
  }

  build(): BotTurn {
    return { replies: this.replies, session: this.session, actions: this.actions };
  }
}

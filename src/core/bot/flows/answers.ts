/** Greetings, out-of-scope messages, clarifying questions and answers from the knowledge base. */
import { choices, type TurnBuilder } from './turn-builder.ts';

const CLARIFY_OPTIONS = 3;

export function answerGreeting(b: TurnBuilder): void {
  b.reply('greeting');
}

export function answerOutOfScope(b: TurnBuilder): void {
  const streak = b.session.outOfScopeStreak + 1;
  b.session = { ...b.session, outOfScopeStreak: streak };
  if (streak >= 2) b.reply('out_of_scope_again', {}, [b.button(choices.human, 'button_human')]);
  else b.reply('out_of_scope');
}

/** The classifier is unsure: offer its best guesses as buttons, once; the second time, a person. */
export function askToClarify(b: TurnBuilder): void {
  if (b.session.tried.includes('asked the customer to clarify')) {
    return void b.handOver('unsure', { intent: b.input.guess.top[0]?.intent ?? 'talk_to_human' });
  }
  const options = b.input.guess.top
    .map((t) => t.intent)
    .filter((intent) => intent !== 'out_of_scope' && intent !== 'greeting' && b.input.catalogue.has(intent))
    .slice(0, CLARIFY_OPTIONS);
  b.tried('asked the customer to clarify');
  if (options.length === 0) {
    b.reply('clarify_none', {}, [b.button(choices.human, 'button_human')]);
    return void b.await(null);
  }
  b.reply('clarify', {}, [...options.map((o) => b.intentButton(o)), b.button(choices.human, 'button_human')]);
  b.await({ kind: 'intent_choice', options });
}

/** FAQ-style intents: the best article's summary and link, then "did this solve it?". */
export function answerFromKnowledgeBase(b: TurnBuilder, intent: string): void {
  const article = b.input.article;
  if (!article) {
    b.tried(`found no article for ${intent}`);
    b.reply('kb_missing');
    return void b.handOver('needs_agent', { intent });
  }
  b.tried(`sent the article "${article.title}"`);
  const values = { title: article.title, summary: article.summary, url: article.url };
  b.reply(article.language === b.language ? 'kb_answer' : 'kb_answer_english', values);
  b.askSolved(intent);
}

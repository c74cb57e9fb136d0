import { DomainError } from '../../core/errors.ts';
import type { Language } from '../../core/conversations/types.ts';
import type { KbArticle } from '../../ports/bot.ts';
import type { AppDeps } from '../deps.ts';

/** A knowledge-base article for anyone (the bot links to it), in `language` or English. */
export async function readArticle(deps: Pick<AppDeps, 'knowledge'>, slug: string, language: Language): Promise<KbArticle> {
  const article = await deps.knowledge.article(slug, language);
  if (!article) throw new DomainError('not_found', 'No such article');
  return article;
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readArticle } from '../../../app/bot/read-article.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { errorReply } from '../../../contracts/common.ts';
import { kbSlug } from '../../../contracts/kb-content.ts';
import { languages } from '../../../core/conversations/types.ts';
import { articlePage } from './article-page.ts';

const params = z.strictObject({ slug: kbSlug });
const query = z.strictObject({ lang: z.enum(languages).default('en') });

/**
 * Knowledge-base articles the bot links to. A plain page for now (the help center with search
 * comes later); the markdown is shown as escaped text, never as HTML.
 */
export function kbRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/help/:slug', {
      config: { access: 'public' },
      schema: { tags: ['kb'], summary: 'A knowledge-base article as a page', params, querystring: query, response: { 200: z.string().describe('text/html'), 400: errorReply, 404: errorReply } },
    }, async (request, reply) => {
      const article = await readArticle(deps, request.params.slug, request.query.lang);
      return reply.type('text/html; charset=utf-8').send(articlePage(article));
    });
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../app/deps.ts';
import { listSecretExposures, reviewSecretExposure } from '../../../app/secrets/review-exposures.ts';
import { errorReply } from '../../../contracts/common.ts';
import {
  listSecretExposuresQuery,
  reviewSecretExposureBody,
  secretExposureParams,
  secretExposureReply,
  secretExposuresReply,
} from '../../../contracts/secrets.ts';
import type { AgentPrincipal } from '../../../core/identity/roles.ts';
import { principalOf } from '../../auth.ts';
import { presentSecretExposure } from '../../presenters.ts';

const errors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply };
const tags = ['secrets'];

/** The security team's flags: customers who pasted a seed phrase, key, password or code into a chat. */
export function secretsRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/secrets/exposures', {
      config: { access: 'secrets.review' },
      schema: {
        tags,
        summary: 'Secrets removed from customers\' messages, newest first (`state=open` for the ones nobody has handled)',
        querystring: listSecretExposuresQuery,
        response: { 200: secretExposuresReply, ...errors },
      },
    }, async (request) => {
      const exposures = await listSecretExposures(deps, principalOf(request) as AgentPrincipal, request.query);
      return { exposures: exposures.map(presentSecretExposure) };
    });

    app.post('/secrets/exposures/:id/review', {
      config: { access: 'secrets.review' },
      schema: {
        tags,
        summary: 'Mark an exposure as handled (e.g. the customer was told to move their funds), with a note',
        params: secretExposureParams,
        body: reviewSecretExposureBody,
        response: { 200: secretExposureReply, ...errors },
      },
    }, async (request) => {
      const exposure = await reviewSecretExposure(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body.note ?? null);
      return { exposure: presentSecretExposure(exposure) };
    });
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addTrainingExamples } from '../../../app/bot/add-training-examples.ts';
import { declareIncident, resolveIncident, type IncidentInput } from '../../../app/bot/declare-incident.ts';
import { getHandoff } from '../../../app/bot/get-handoff.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { z } from 'zod';
import { addTrainingExamplesBody, addTrainingExamplesReply, declareIncidentBody, handoffReply, incidentParams, incidentReply } from '../../../contracts/bot.ts';
import { errorReply } from '../../../contracts/common.ts';
import { conversationParams } from '../../../contracts/conversations.ts';
import type { AgentPrincipal } from '../../../core/identity/roles.ts';
import { principalOf } from '../../auth.ts';

const errors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply };
const tags = ['bot'];

/** The support bot's side of a conversation: what it handed over to the team. */
export function botRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/conversations/:id/handoff', {
      config: { access: 'conversation.read' },
      schema: {
        tags,
        summary: "The bot's handoff record: intent, language, entities, what it tried, and a summary for the agent",
        params: conversationParams,
        response: { 200: handoffReply, ...errors },
      },
    }, async (request) => {
      const handoff = await getHandoff(deps, principalOf(request) as AgentPrincipal, request.params.id);
      return { handoff };
    });

    app.post('/bot/incidents', {
      config: { access: 'incident.declare' },
      schema: {
        tags,
        summary: 'Declare a network incident (e.g. TRC20 withdrawals delayed); the bot tells affected customers',
        body: declareIncidentBody,
        response: { 201: incidentReply, ...errors },
      },
    }, async (request, reply) => {
      const result = await declareIncident(deps, principalOf(request) as AgentPrincipal, request.body as IncidentInput);
      return reply.status(201).send(result);
    });

    app.post('/bot/incidents/:id/resolve', {
      config: { access: 'incident.declare' },
      schema: { tags, summary: 'The incident is over: the bot stops mentioning it', params: incidentParams, response: { 204: z.null(), ...errors } },
    }, async (request, reply) => {
      await resolveIncident(deps, principalOf(request) as AgentPrincipal, request.params.id);
      return reply.status(204).send(null);
    });

    app.post('/bot/training-examples', {
      config: { access: 'bot.train' },
      schema: {
        tags,
        summary: 'Teach the bot: labelled examples (corrections), learned at the next start or `relaydesk train`',
        body: addTrainingExamplesBody,
        response: { 200: addTrainingExamplesReply, ...errors },
      },
    }, async (request) => {
      const agent = principalOf(request) as AgentPrincipal;
      return addTrainingExamples({ ...deps, catalogue: deps.understander.catalogue }, agent, request.body.examples);
    });
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app/deps.ts';
import { getConversationSla } from '../../../app/sla/get-conversation-sla.ts';
import { listToughCases } from '../../../app/sla/list-tough-cases.ts';
import { createSlaPolicy, deleteSlaPolicy, listSlaPolicies, updateSlaPolicy } from '../../../app/sla/manage-policies.ts';
import { errorReply } from '../../../contracts/common.ts';
import { conversationParams } from '../../../contracts/conversations.ts';
import { idParams } from '../../../contracts/routing.ts';
import { conversationSlaReply, slaPoliciesReply, slaPolicyBody, slaPolicyReply, toughCasesQuery, toughCasesReply } from '../../../contracts/sla.ts';
import type { AgentPrincipal } from '../../../core/identity/roles.ts';
import { principalOf } from '../../auth.ts';

const errors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply, 409: errorReply };
const tags = ['sla'];

/** SLA policies, a conversation's clocks, and the tough-case board. */
export function slaRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const agent = (request: Parameters<typeof principalOf>[0]) => principalOf(request) as AgentPrincipal;

    app.get('/sla/policies', {
      config: { access: 'conversation.read' },
      schema: { tags, summary: 'SLA policies: targets per priority, department and channel', response: { 200: slaPoliciesReply, ...errors } },
    }, async (request) => ({ policies: await listSlaPolicies(deps, agent(request)) }));

    app.post('/sla/policies', {
      config: { access: 'routing.manage' },
      schema: { tags, summary: 'Add an SLA policy (negative, missing or contradictory targets: 400)', body: slaPolicyBody, response: { 201: slaPolicyReply, ...errors } },
    }, async (request, reply) => reply.status(201).send({ policy: await createSlaPolicy(deps, agent(request), request.body) }));

    app.put('/sla/policies/:id', {
      config: { access: 'routing.manage' },
      schema: { tags, summary: 'Replace an SLA policy; running clocks keep their terms', params: idParams, body: slaPolicyBody, response: { 200: slaPolicyReply, ...errors } },
    }, async (request) => ({ policy: await updateSlaPolicy(deps, agent(request), request.params.id, request.body) }));

    app.delete('/sla/policies/:id', {
      config: { access: 'routing.manage' },
      schema: { tags, summary: 'Remove an SLA policy', params: idParams, response: { 204: z.null(), ...errors } },
    }, async (request, reply) => {
      await deleteSlaPolicy(deps, agent(request), request.params.id);
      return reply.status(204).send(null);
    });

    app.get('/conversations/:id/sla', {
      config: { access: 'conversation.read' },
      schema: { tags, summary: "The conversation's SLA clocks now: elapsed, remaining, due, warning", params: conversationParams, response: { 200: conversationSlaReply, ...errors } },
    }, async (request) => ({ clocks: await getConversationSla(deps, agent(request), request.params.id) }));

    app.get('/sla/tough-cases', {
      config: { access: 'conversation.read' },
      schema: {
        tags,
        summary: 'The tough-case board: breached, escalated or waiting on another department, with age, owner and next step',
        querystring: toughCasesQuery,
        response: { 200: toughCasesReply, ...errors },
      },
    }, async (request) => ({ cases: await listToughCases(deps, agent(request), request.query) }));
  };
}

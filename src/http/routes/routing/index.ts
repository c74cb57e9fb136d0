import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app/deps.ts';
import { escalateConversation } from '../../../app/routing/escalate-conversation.ts';
import { getQueuePosition } from '../../../app/routing/get-queue-position.ts';
import { listInvestigations, openInvestigation, resolveInvestigation, takeInvestigation } from '../../../app/routing/investigations.ts';
import { createTeam, listTeams, updateTeam } from '../../../app/routing/manage-teams.ts';
import { listAgentWorkloads, setAgentSkills } from '../../../app/routing/set-agent-skills.ts';
import { setPresence } from '../../../app/routing/set-presence.ts';
import { takeNextConversation } from '../../../app/routing/take-next-conversation.ts';
import { errorReply } from '../../../contracts/common.ts';
import { DomainError } from '../../../core/errors.ts';
import { conversationParams, conversationReply } from '../../../contracts/conversations.ts';
import {
  agentSkillsBody,
  agentsQuery,
  agentWorkloadReply,
  agentWorkloadsReply,
  escalateBody,
  investigationBody,
  investigationReply,
  investigationsQuery,
  investigationsReply,
  resolveInvestigationBody,
  idParams,
  presenceBody,
  queuePositionDto,
  teamBody,
  teamReply,
  teamsReply,
} from '../../../contracts/routing.ts';
import type { AgentPrincipal } from '../../../core/identity/roles.ts';
import { principalOf } from '../../auth.ts';
import { presentAgentWorkload, presentConversation, presentInvestigation, presentTeam } from '../../presenters.ts';

const errors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply, 409: errorReply, 422: errorReply };
const tags = ['routing'];

/** Routing: teams and their hours, agents' skills and presence, pull mode and the customer's place in the queue. */
export function routingRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/routing/teams', {
      config: { access: 'conversation.read' },
      schema: { tags, summary: 'Teams with their department, business hours and assignment mode', response: { 200: teamsReply, ...errors } },
    }, async (request) => ({ teams: (await listTeams(deps, principalOf(request) as AgentPrincipal)).map(presentTeam) }));

    app.post('/routing/teams', {
      config: { access: 'routing.manage' },
      schema: { tags, summary: 'Create a team (24/7 unless business hours are given)', body: teamBody, response: { 201: teamReply, ...errors } },
    }, async (request, reply) => {
      const team = await createTeam(deps, principalOf(request) as AgentPrincipal, request.body);
      return reply.status(201).send({ team: presentTeam(team) });
    });

    app.put('/routing/teams/:id', {
      config: { access: 'routing.manage' },
      schema: { tags, summary: "Replace a team's name, department, hours, holidays or assignment mode", params: idParams, body: teamBody, response: { 200: teamReply, ...errors } },
    }, async (request) => ({ team: presentTeam(await updateTeam(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body)) }));

    app.get('/routing/agents', {
      config: { access: 'conversation.read' },
      schema: { tags, summary: 'Agents with skills, presence and load (filter by the queue they serve)', querystring: agentsQuery, response: { 200: agentWorkloadsReply, ...errors } },
    }, async (request) => ({ agents: (await listAgentWorkloads(deps, principalOf(request) as AgentPrincipal, request.query)).map(presentAgentWorkload) }));

    app.put('/routing/agents/:id/skills', {
      config: { access: 'routing.manage' },
      schema: { tags, summary: "Set an agent's departments, languages, tier, team and capacity", params: idParams, body: agentSkillsBody, response: { 200: agentWorkloadReply, ...errors } },
    }, async (request) => ({
      agent: presentAgentWorkload(await setAgentSkills(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body)),
    }));

    app.put('/routing/presence', {
      config: { access: 'conversation.work' },
      schema: { tags, summary: 'Go online, away (no new chats) or offline (your open chats go back to the queue)', body: presenceBody, response: { 200: agentWorkloadReply, ...errors } },
    }, async (request) => {
      const workload = await setPresence(deps, principalOf(request) as AgentPrincipal, request.body.status);
      if (!workload) throw new DomainError('agent_unavailable', 'No routing profile yet: a lead sets your skills first');
      return { agent: presentAgentWorkload(workload) };
    });

    app.post('/routing/take-next', {
      config: { access: 'conversation.work' },
      schema: {
        tags,
        summary: 'Pull mode: take the next conversation you may serve, in queue order (204 when none waits)',
        response: { 200: conversationReply, 204: z.null(), ...errors },
      },
    }, async (request, reply) => {
      const conversation = await takeNextConversation(deps, principalOf(request) as AgentPrincipal);
      if (!conversation) return reply.status(204).send(null);
      return { conversation: presentConversation(conversation) };
    });

    app.post('/conversations/:id/escalate', {
      config: { access: 'conversation.work' },
      schema: {
        tags,
        summary: 'Escalate to tier 2 or the senior team (optionally of another department): back to the queue for that tier only',
        params: conversationParams,
        body: escalateBody,
        response: { 200: conversationReply, ...errors },
      },
    }, async (request) => ({
      conversation: presentConversation(await escalateConversation(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body)),
    }));

    app.post('/conversations/:id/investigations', {
      config: { access: 'conversation.work' },
      schema: {
        tags,
        summary: 'Ask another department to look into the case: a linked internal case with its own deadline; the conversation waits on it',
        params: conversationParams,
        body: investigationBody,
        response: { 201: investigationReply, ...errors },
      },
    }, async (request, reply) => {
      const investigation = await openInvestigation(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body);
      return reply.status(201).send({ investigation: presentInvestigation(investigation) });
    });

    app.get('/conversations/:id/investigations', {
      config: { access: 'conversation.read' },
      schema: { tags, summary: "The conversation's investigations", params: conversationParams, response: { 200: investigationsReply, ...errors } },
    }, async (request) => ({
      investigations: (await listInvestigations(deps, principalOf(request) as AgentPrincipal, { conversationId: request.params.id, limit: 200 })).map(presentInvestigation),
    }));

    app.get('/investigations', {
      config: { access: 'conversation.read' },
      schema: { tags, summary: "A department's investigations, soonest due first", querystring: investigationsQuery, response: { 200: investigationsReply, ...errors } },
    }, async (request) => ({
      investigations: (await listInvestigations(deps, principalOf(request) as AgentPrincipal, request.query)).map(presentInvestigation),
    }));

    app.post('/investigations/:id/take', {
      config: { access: 'conversation.work' },
      schema: { tags, summary: 'Become the owner of an open investigation', params: idParams, response: { 200: investigationReply, ...errors } },
    }, async (request) => ({ investigation: presentInvestigation(await takeInvestigation(deps, principalOf(request) as AgentPrincipal, request.params.id)) }));

    app.post('/investigations/:id/resolve', {
      config: { access: 'conversation.work' },
      schema: {
        tags,
        summary: "Answer the investigation: the conversation's agent is told, and it returns to them when none is left open",
        params: idParams,
        body: resolveInvestigationBody,
        response: { 200: investigationReply, ...errors },
      },
    }, async (request) => ({
      investigation: presentInvestigation(await resolveInvestigation(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body.resolution)),
    }));

    app.get('/conversations/:id/queue', {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Where a waiting conversation stands: position in its queue and an estimated wait',
        params: conversationParams,
        response: { 200: queuePositionDto, ...errors },
      },
    }, async (request) => getQueuePosition(deps, principalOf(request), request.params.id));
  };
}

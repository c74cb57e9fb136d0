import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assignConversation } from '../../../app/conversations/assign-conversation.ts';
import { getConversation } from '../../../app/conversations/get-conversation.ts';
import { listConversations } from '../../../app/conversations/list-conversations.ts';
import { listMessages } from '../../../app/conversations/list-messages.ts';
import { markRead } from '../../../app/conversations/mark-read.ts';
import { postMessage } from '../../../app/conversations/post-message.ts';
import { reopenConversation } from '../../../app/conversations/reopen-conversation.ts';
import { resolveConversation } from '../../../app/conversations/resolve-conversation.ts';
import { startConversation } from '../../../app/conversations/start-conversation.ts';
import { transferConversation } from '../../../app/conversations/transfer-conversation.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { errorReply } from '../../../contracts/common.ts';
import {
  assignBody,
  conversationPage,
  conversationParams,
  conversationReply,
  conversationWithMessage,
  listConversationsQuery,
  listMessagesQuery,
  messageAck,
  messagePage,
  postMessageBody,
  readBody,
  reasonBody,
  startConversationBody,
  transferBody,
} from '../../../contracts/conversations.ts';
import type { AgentPrincipal, CustomerPrincipal } from '../../../core/identity/roles.ts';
import { principalOf } from '../../auth.ts';
import type { Metrics } from '../../metrics.ts';
import { presentConversation, presentMessage } from '../../presenters.ts';

const errors = { 400: errorReply, 401: errorReply, 403: errorReply, 404: errorReply, 409: errorReply };
const tags = ['conversations'];

/** Conversations: a customer's requests, the agents' inbox, and every action on a conversation. */
export function conversationRoutes(deps: AppDeps, metrics: Metrics): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/conversations', {
      config: { access: 'customer' },
      schema: {
        tags,
        summary: 'Open a conversation with its first message (idempotent on clientMsgId)',
        body: startConversationBody,
        response: { 201: conversationWithMessage, 200: conversationWithMessage, ...errors },
      },
    }, async (request, reply) => {
      const customer = principalOf(request) as CustomerPrincipal;
      const result = await startConversation(deps, customer, request.body);
      if (!result.duplicate) metrics.messages.inc({ author: 'customer' });
      return reply.status(result.duplicate ? 200 : 201).send({
        conversation: presentConversation(result.conversation),
        message: presentMessage(result.message),
        duplicate: result.duplicate,
      });
    });

    app.get('/conversations', {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: "List conversations: a customer's own, or everyone's for agents (filters, cursor)",
        querystring: listConversationsQuery,
        response: { 200: conversationPage, ...errors },
      },
    }, async (request) => {
      const q = request.query;
      const page = await listConversations(deps, principalOf(request), {
        states: q.state,
        department: q.department,
        language: q.language,
        assignee: q.assignee,
        cursor: q.cursor,
        limit: q.limit,
      });
      return { conversations: page.conversations.map(presentConversation), nextCursor: page.nextCursor };
    });

    app.get('/conversations/:id', {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'One conversation', params: conversationParams, response: { 200: conversationReply, ...errors } },
    }, async (request) => ({
      conversation: presentConversation(await getConversation(deps, principalOf(request), request.params.id)),
    }));

    app.get('/conversations/:id/messages', {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Messages after a seq, in order (the replay after a reconnect)',
        params: conversationParams,
        querystring: listMessagesQuery,
        response: { 200: messagePage, ...errors },
      },
    }, async (request) => {
      const { conversation, messages } = await listMessages(
        deps, principalOf(request), request.params.id, request.query.afterSeq, request.query.limit,
      );
      return { messages: messages.map(presentMessage), lastSeq: conversation.lastSeq };
    });

    app.post('/conversations/:id/messages', {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Post a message, or an internal note (agents); acknowledged after commit',
        params: conversationParams,
        body: postMessageBody,
        response: { 201: messageAck, 200: messageAck, ...errors },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const result = await postMessage(deps, principal, { conversationId: request.params.id, ...request.body });
      if (!result.duplicate) metrics.messages.inc({ author: principal.kind });
      return reply.status(result.duplicate ? 200 : 201).send({
        message: presentMessage(result.message),
        conversation: presentConversation(result.conversation),
        duplicate: result.duplicate,
      });
    });

    app.post('/conversations/:id/read', {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Mark messages read up to a seq',
        params: conversationParams,
        body: readBody,
        response: { 200: readBody, ...errors },
      },
    }, async (request) => ({ seq: await markRead(deps, principalOf(request), request.params.id, request.body.seq) }));

    const agentAction = { access: 'conversation.work' as const };
    app.post('/conversations/:id/assign', {
      config: agentAction,
      schema: { tags, summary: 'Assign to an agent (yourself, or anyone for leads)', params: conversationParams, body: assignBody, response: { 200: conversationReply, ...errors, 422: errorReply } },
    }, async (request) => ({
      conversation: presentConversation(
        await assignConversation(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body.agentId),
      ),
    }));

    app.post('/conversations/:id/transfer', {
      config: agentAction,
      schema: { tags, summary: 'Transfer to another department, language or agent', params: conversationParams, body: transferBody, response: { 200: conversationReply, ...errors, 422: errorReply } },
    }, async (request) => {
      const { reason, ...target } = request.body;
      return {
        conversation: presentConversation(
          await transferConversation(deps, principalOf(request) as AgentPrincipal, request.params.id, target, reason),
        ),
      };
    });

    app.post('/conversations/:id/resolve', {
      config: agentAction,
      schema: { tags, summary: 'Resolve; it closes by itself after AUTO_CLOSE_AFTER_MS', params: conversationParams, body: reasonBody, response: { 200: conversationReply, ...errors } },
    }, async (request) => ({
      conversation: presentConversation(
        await resolveConversation(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body.reason ?? null),
      ),
    }));

    app.post('/conversations/:id/reopen', {
      config: agentAction,
      schema: { tags, summary: 'Reopen within REOPEN_WINDOW_MS of resolution', params: conversationParams, body: reasonBody, response: { 200: conversationReply, ...errors } },
    }, async (request) => ({
      conversation: presentConversation(
        await reopenConversation(deps, principalOf(request) as AgentPrincipal, request.params.id, request.body.reason ?? null),
      ),
    }));
  };
}

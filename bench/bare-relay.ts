/**
 * Child process entry: the chat benchmark's baseline. A bare `ws` relay that speaks just enough of
 * the platform's /ws protocol for the same load client: `auth` -> `ready` (the token is not
 * checked), sockets with a Cookie header are agents and are ready at once, `subscribe` joins a
 * room, and a customer's `message` gets the next in-memory seq, an `ack`, and is forwarded to
 * the room. No persistence, no validation, no authorisation: what is left is Node, ws and JSON,
 * so platform / bare shows what persistence and the rest of the platform cost.
 *
 * Env: PORT. Serves GET /readyz for the benchmark's readiness wait.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

interface Frame {
  type?: string;
  conversationId?: string;
  clientMsgId?: string;
  body?: string;
}

const rooms = new Map<string, Set<WebSocket>>();
const seqs = new Map<string, number>();

const http = createServer((request, response) => {
  response.writeHead(request.url === '/readyz' ? 200 : 404, { 'content-type': 'application/json' });
  response.end('{"status":"ok"}');
});
const wss = new WebSocketServer({ server: http, path: '/ws', perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (ws, request) => {
  const joined = new Set<string>();
  if (request.headers.cookie) ws.send(JSON.stringify({ type: 'ready', principal: { kind: 'agent' } }));
  ws.on('message', (data) => {
    let frame: Frame;
    try {
      frame = JSON.parse(data.toString()) as Frame;
    } catch {
      ws.send('{"type":"error","code":"invalid_json"}');
      return;
    }
    const conversationId = frame.conversationId ?? '';
    switch (frame.type) {
      case 'auth':
        ws.send(JSON.stringify({ type: 'ready', principal: { kind: 'customer' } }));
        return;
      case 'subscribe': {
        let room = rooms.get(conversationId);
        if (!room) rooms.set(conversationId, (room = new Set()));
        room.add(ws);
        joined.add(conversationId);
        ws.send(JSON.stringify({ type: 'subscribed', conversationId, lastSeq: seqs.get(conversationId) ?? 0 }));
        return;
      }
      case 'message': {
        const seq = (seqs.get(conversationId) ?? 0) + 1;
        seqs.set(conversationId, seq);
        const message = {
          id: randomUUID(), conversationId, seq, clientMsgId: frame.clientMsgId, authorKind: 'customer',
          authorId: null, body: frame.body, visibility: 'public', createdAt: new Date().toISOString(),
        };
        ws.send(JSON.stringify({ type: 'ack', conversationId, clientMsgId: frame.clientMsgId, messageId: message.id, seq, duplicate: false }));
        const text = JSON.stringify({ type: 'message', message });
        for (const member of rooms.get(conversationId) ?? []) member.send(text);
        return;
      }
      default:
        ws.send(JSON.stringify({ type: 'error', code: 'validation_failed' }));
    }
  });
  ws.on('close', () => {
    for (const conversationId of joined) rooms.get(conversationId)?.delete(ws);
  });
  ws.on('error', () => undefined);
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  http.close(() => process.exit(0));
});

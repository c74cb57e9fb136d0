/**
 * Runs before every test file: UTC everywhere, and no network beyond this machine. A test that
 * tries to reach another host fails loudly instead of depending on the internet.
 */
import net from 'node:net';

process.env.TZ = 'UTC';

const originalConnect = net.Socket.prototype.connect;
const loopback = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '']);

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const options = typeof first === 'object' && first !== null ? (first as net.NetConnectOpts) : null;
  const host = options && 'host' in options ? String(options.host ?? '') : typeof args[1] === 'string' ? args[1] : '';
  const isPipe = options !== null && 'path' in options;
  if (!isPipe && !loopback.has(host) && !host.startsWith('127.')) {
    throw new Error(`test tried to reach ${host}: tests use loopback only`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

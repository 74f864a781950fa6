import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsDashboard } from '../../../shared/contracts/metrics.js';
import type { ListenHub } from './metrics.live.js';
import type { DashboardSource } from './metrics.service.js';

const HEARTBEAT_MS = 25_000;

/**
 * Turns a request whose access was already checked into a server-sent event stream: the dashboard
 * at once, then again shortly after each call recorded in its scope (by any process), and a comment
 * every 25 s so proxies keep the connection open. The reply is hijacked: Fastify no longer
 * serializes it, and the stream ends when the browser goes away.
 */
export async function serveDashboardStream(request: FastifyRequest, reply: FastifyReply, hub: ListenHub, source: DashboardSource): Promise<void> {
  const first = await source.compute();
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  const res = reply.raw;
  const send = (dashboard: MetricsDashboard) => {
    if (!closed) res.write(`event: dashboard\ndata: ${JSON.stringify(dashboard)}\n\n`);
  };
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe?.();
  };
  request.raw.on('close', close);
  res.on('close', close);

  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx and similar proxies must not buffer the stream.
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  });
  res.write('retry: 3000\n\n');
  send(first);
  let running = false;
  let again = false;
  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        send(await source.computeShared());
      } while (again && !closed);
    } catch (err) {
      request.log.warn({ err }, 'metrics stream refresh failed');
    } finally {
      running = false;
    }
  };
  const stop = await hub.subscribe(source.orgId, source.campaignId, () => void refresh());
  if (closed) stop();
  else unsubscribe = stop;
}

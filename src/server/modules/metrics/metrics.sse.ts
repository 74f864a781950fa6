import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsDashboard } from '../../../shared/contracts/metrics.js';
import type { ListenHub } from './metrics.live.js';
import type { DashboardSource } from './metrics.service.js';

const HEARTBEAT_MS = 25_000;

// Open streams per app (one hub each), ended when the app closes: they would otherwise hold it open.
const openStreams = new WeakMap<ListenHub, Set<() => void>>();

/** Ends the app's open streams (browsers reconnect, to another process if need be); before it closes. */
export function endAllStreams(hub: ListenHub): void {
  for (const end of [...(openStreams.get(hub) ?? [])]) end();
}

/**
 * Turns a request whose access was already checked into a server-sent event stream: the dashboard
 * at once, then again shortly after each call recorded in its scope (by any process), and a comment
 * every 25 s so proxies keep the connection open. The reply is hijacked: Fastify no longer
 * serializes it, and the stream ends when the browser goes away.
 */
export async function serveDashboardStream(request: FastifyRequest, reply: FastifyReply, hub: ListenHub, source: DashboardSource): Promise<void> {
  let streams = openStreams.get(hub);
  if (!streams) openStreams.set(hub, (streams = new Set()));
  const live = streams;
  const res = reply.raw;
  let started = false;
  let missed = false;
  let closed = false;
  let running = false;
  let again = false;
  const send = (dashboard: MetricsDashboard) => {
    if (!closed) res.write(`event: dashboard\ndata: ${JSON.stringify(dashboard)}\n\n`);
  };
  // The newest change heard: a dashboard computed before it (shared by another screen) is stale.
  let since = 0;
  const refresh = async (heardAt: number) => {
    since = Math.max(since, heardAt);
    if (!started) {
      missed = true;
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        send(await source.computeShared(since));
      } while (again && !closed);
    } catch (err) {
      request.log.warn({ err }, 'metrics stream refresh failed');
    } finally {
      running = false;
    }
  };
  // Listen before reading the first dashboard: a call recorded in between is not missed.
  const unsubscribe = await hub.subscribe(source.orgId, source.campaignId, (heardAt) => void refresh(heardAt));
  let first: MetricsDashboard;
  try {
    first = await source.compute();
  } catch (error) {
    unsubscribe();
    throw error;
  }

  const heartbeat = setInterval(() => {
    if (!closed) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    live.delete(end);
    clearInterval(heartbeat);
    unsubscribe();
  };
  const end = () => {
    close();
    res.end();
  };
  live.add(end);
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
  started = true;
  if (missed) void refresh(since);
  // The browser may have gone while the first dashboard was being read.
  if (request.raw.destroyed) close();
}

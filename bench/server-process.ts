/** Runs `steward start` as a child process on a free loopback port and watches it (readiness, memory, stop). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const mainScript = path.resolve(import.meta.dirname, '..', 'src', 'main.ts');
const running = new Set<ChildProcess>();

/** A started Steward server. */
export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first `200` from `/readyz`. */
  startMs: number;
  /** Graceful stop (SIGTERM), then SIGKILL after `graceMs`; resolves with how long the stop took. */
  stop(graceMs?: number): Promise<number>;
  /** The last lines the server printed, for error messages. */
  output(): string;
}

export interface ServerOptions {
  dataDir: string;
  adminPassword: string;
  databaseUrl?: string;
  /** Give up when `/readyz` has not answered 200 within this time. */
  readyTimeoutMs: number;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server and waits until it is ready; throws (and kills it) if it is not ready in time. */
export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = childEnv({
    STEWARD_PORT: String(port),
    STEWARD_HOST: '127.0.0.1',
    STEWARD_DATA_DIR: opts.dataDir,
    STEWARD_ADMIN_PASSWORD: opts.adminPassword,
    STEWARD_LOG_LEVEL: 'warn',
    STEWARD_ROLE: 'all',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
  });
  const started = performance.now();
  const child = spawn(process.execPath, [mainScript, 'start', '--role', 'all'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const output = () => lines.join('\n');
  const stop = async (graceMs = 20_000) => {
    const t0 = performance.now();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    return performance.now() - t0;
  };

  const deadline = started + opts.readyTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    if (await isReady(baseUrl)) {
      return { pid: child.pid!, baseUrl, startMs: performance.now() - started, stop, output };
    }
    await sleep(20);
  }
  await stop(2000);
  throw new Error(`server not ready within ${opts.readyTimeoutMs} ms:\n${output()}`);
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The inherited environment without Steward settings or database URLs a developer's shell may carry. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('STEWARD_') || key.endsWith('DATABASE_URL')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Memory of a process from /proc: resident now (VmRSS) and its peak (VmHWM), in MiB. */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/** Kills every server still running (used on exit and on signals). */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

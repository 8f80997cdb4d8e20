import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "@avalon/server";
import { freePort, haproxyLaunch, waitForPort } from "@avalon/testkit";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const FIXTURES = path.join(REPO, "loadtest/fixtures");
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every child this run started, so an interrupted run still kills them. */
const children = new Set<ChildProcess>();

/**
 * BENCH_CPU_PROF=<dir> runs every node process this bench starts (servers, fixtures, generators)
 * under V8's sampling profiler, one .cpuprofile per process in <dir>; they are stopped with SIGTERM
 * so that the profile is written.
 */
export const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
export const profileArgs = (): string[] => (CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`, "--cpu-prof-interval=2000"] : []);

/** SIGTERM and a moment to write a profile when profiling; otherwise SIGKILL at once. */
export async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (CPU_PROF_DIR) {
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(t);
    return;
  }
  child.kill("SIGKILL");
  await exited;
}

export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
}

const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system) a process has used so far, ms, from /proc (10 ms resolution). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/** Write system calls a process has made so far (write, writev, sendmsg...), from /proc/<pid>/io. */
export function writeCalls(pid: number): number {
  const m = /^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
  return Number(m?.[1] ?? 0);
}

/** Bytes a process has handed to write system calls so far, from /proc/<pid>/io. */
export function writtenBytes(pid: number): number {
  const m = /^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
  return Number(m?.[1] ?? 0);
}

/** Resident set size of a process, bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0) * 1024;
}

export interface Child {
  url: string;
  port: number;
  pid: number;
  /** The last few KB of the child's stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  signal(sig: NodeJS.Signals): void;
  stop(): Promise<void>;
}

function track(child: ChildProcess, port: number, url: string): Child {
  children.add(child);
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-8192);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    port,
    pid: child.pid as number,
    output: () => out,
    exited,
    alive,
    signal: (sig) => void (alive() && child.kill(sig)),
    async stop() {
      if (!alive()) return;
      await stopChild(child, exited);
    },
  };
}

async function waitHttp(child: Child, pathname: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${child.url}${pathname}`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (!child.alive() || Date.now() > until) {
      await child.stop();
      throw new Error(`${child.url} did not become ready:\n${child.output()}`);
    }
    await sleep(50);
  }
}

export interface RedisChild {
  url: string;
  stop(): Promise<void>;
}

/** A redis-server of the benchmark's own, on a free loopback port, without persistence. */
export async function startRedis(): Promise<RedisChild> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "avalon-bench-redis-"));
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const child = track(proc, port, `redis://127.0.0.1:${port}`);
  await waitForPort(port);
  return {
    url: child.url,
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Limits a benchmark lifts so that the load generator on one address is not mistaken for an abuser. */
const BENCH_LIMITS: Record<string, string> = {
  LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "1000000",
  LIMIT_EVENTS_PER_SECOND: "1000",
  LIMIT_EVENT_BURST: "2000",
};

/** A real node process (the built server, with the V8 flags `npm start` gives it), ready when this resolves; `runtime` is the node binary. */
export async function startServer(env: Record<string, string>, runtime = process.execPath): Promise<Child> {
  const main = path.join(REPO, "server/dist/main.js");
  if (!existsSync(main)) throw new Error("server/dist is missing: run `npm run build` first");
  const port = await freePort();
  const proc = spawn(runtime, [...NODE_FLAGS, ...profileArgs(), main], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SECRET: "benchmark-secret-0123456789",
      ADMIN_TOKEN: "benchmark-operator-0123456789",
      VIEWER_TOKEN: "benchmark-viewer-0123456789",
      DRAIN_WINDOW_MS: "0",
      ...BENCH_LIMITS,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child = track(proc, port, `http://127.0.0.1:${port}`);
  await waitHttp(child, "/readyz");
  return child;
}

/** One of the baseline servers in loadtest/fixtures, ready when it answers /health. */
export async function startFixture(file: string, env: Record<string, string> = {}, runtime = process.execPath): Promise<Child> {
  const port = await freePort();
  const proc = spawn(runtime, [...profileArgs(), path.join(FIXTURES, file)], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child = track(proc, port, `http://127.0.0.1:${port}`);
  await waitHttp(child, "/health");
  return child;
}

/** HAProxy with the repository's deploy/haproxy.cfg, pointed at three node addresses. */
export async function startHaproxy(nodes: string[]): Promise<Child & { cleanup(): Promise<void> }> {
  const port = await freePort();
  const statsPort = await freePort();
  const { bin, args, env } = haproxyLaunch(port, statsPort, nodes);
  const dir = mkdtempSync(path.join(tmpdir(), "avalon-bench-haproxy-"));
  const proc = spawn(bin, args, { env, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const child = track(proc, port, `http://127.0.0.1:${port}`);
  await waitForPort(port);
  return {
    ...child,
    async cleanup() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** host:port of a child's URL. */
export function hostPort(url: string): string {
  return new URL(url).host;
}

/** Runs `run` against a server from `start`, stopping the server afterwards whatever happens. */
export async function withServer<T>(start: () => Promise<Child>, run: (server: Child) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "@avalon/server";
import { freePort, waitForPort } from "./ports.js";
import { deferred } from "./waiting.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAIN = path.join(REPO, "server/dist/main.js");

export interface NodeProcess {
  port: number;
  url: string;
  nodeId: string;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

const children: ChildProcess[] = [];
let spawned = 0;

/** Runs a real node process (the built server, with the V8 flags `npm start` gives it) and waits until /readyz answers 200. Without a PORT it
 * listens on port 0 and its port is read from the line it prints once listening. */
export async function spawnNode(env: Record<string, string>, opts: { waitReady?: boolean } = {}): Promise<NodeProcess> {
  if (!existsSync(MAIN)) throw new Error("server/dist is missing: run `npm run build` first");
  const fixedPort = env.PORT ? Number(env.PORT) : null;
  const nodeId = env.NODE_ID ?? `node-${process.pid}-${++spawned}`;
  const proc = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "warn", DRAIN_WINDOW_MS: "1000", ...env, PORT: String(fixedPort ?? 0), NODE_ID: nodeId },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  let out = "";
  const listening = deferred<number>();
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
    if (m) listening.resolve(Number(m[1]));
  });
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  // A node not waited for (one expected to refuse its configuration) has no port to report.
  const port =
    fixedPort ??
    (opts.waitReady === false ? 0 : await Promise.race([
      listening.promise,
      exited.then((code) => Promise.reject(new Error(`node exited (${code}) before listening\n${out}`))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`node not listening in time\n${out}`)), 20_000).unref()),
    ]));
  const url = `http://127.0.0.1:${port}`;
  if (opts.waitReady !== false) await waitReady(url, 20_000, () => out);
  return { port, url, nodeId, proc, output: () => out, exited, kill: (s = "SIGTERM") => proc.kill(s) };
}

export async function waitReady(url: string, timeoutMs = 20_000, output: () => string = () => ""): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready in time\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface HaproxyProcess {
  port: number;
  url: string;
  statsPort: number;
  /** Each server of the `nodes` backend (node1..node3) with its health-check status (`UP`, `DOWN`, `UP 1/2`...). */
  serverStates(): Promise<Record<string, string>>;
  /** Resolves once HAProxy's health checks show the given servers (all three by default) UP. */
  waitForServersUp(names?: string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

async function backendStates(statsPort: number): Promise<Record<string, string>> {
  const csv = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`, { signal: AbortSignal.timeout(1000) })).text();
  const [header, ...rows] = csv.replace(/^# /, "").trim().split("\n");
  const cols = (header ?? "").split(",");
  const at = (name: string) => cols.indexOf(name);
  const out: Record<string, string> = {};
  for (const row of rows.map((r) => r.split(","))) {
    if (row[at("pxname")] === "nodes" && /^node\d$/.test(row[at("svname")] ?? "")) out[row[at("svname")] as string] = row[at("status")] ?? "";
  }
  return out;
}

/** What deploy/haproxy.cfg needs to run on this machine: its environment and its binary. */
export function haproxyLaunch(port: number, statsPort: number, nodes: string[]): { bin: string; args: string[]; env: NodeJS.ProcessEnv } {
  if (nodes.length !== 3) throw new Error("deploy/haproxy.cfg names three nodes");
  return {
    bin: existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy",
    args: ["-db", "-f", path.join(REPO, "deploy/haproxy.cfg")],
    env: {
      ...process.env,
      AVALON_BIND: `127.0.0.1:${port}`,
      AVALON_STATS_BIND: `127.0.0.1:${statsPort}`,
      AVALON_NODE1: nodes[0] as string,
      AVALON_NODE2: nodes[1] as string,
      AVALON_NODE3: nodes[2] as string,
    },
  };
}

/** HAProxy with the repository's own configuration, pointed at the given node addresses. */
export async function startHaproxy(nodes: string[]): Promise<HaproxyProcess> {
  const port = await freePort();
  const statsPort = await freePort();
  const { bin, args, env } = haproxyLaunch(port, statsPort, nodes);
  const dir = mkdtempSync(path.join(tmpdir(), "avalon-haproxy-"));
  const launch = () => {
    const p = spawn(bin, args, { env, cwd: dir, stdio: "ignore" });
    children.push(p);
    return p;
  };
  let proc = launch();
  await waitForPort(port);
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
    }
  };
  const serverStates = () => backendStates(statsPort);
  return {
    port,
    statsPort,
    url: `http://127.0.0.1:${port}`,
    serverStates,
    async waitForServersUp(names = ["node1", "node2", "node3"], timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const states = await serverStates().catch(() => ({}) as Record<string, string>);
        if (names.every((n) => states[n] === "UP")) return;
        if (Date.now() > until) throw new Error(`HAProxy servers not up in time: ${JSON.stringify(states)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      proc = launch();
      await waitForPort(port);
    },
  };
}

/** Kills every child a test started, whatever state it is in. */
export function killChildren(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}

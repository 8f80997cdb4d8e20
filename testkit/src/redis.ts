import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "./ports.js";

export interface RedisProcess {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Stops the process and starts it again on the same port, empty unless persistence is on. */
  restart(): Promise<void>;
  /** Kills the process (the port stays reserved for `up`). */
  down(): Promise<void>;
  up(): Promise<void>;
  pause(): void;
  resume(): void;
}

function launch(port: number, dir: string, extra: string[]): ChildProcess {
  return spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", ...extra], {
    stdio: "ignore",
  });
}

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGCONT");
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  proc.kill("SIGKILL");
  await exited;
}

/** A redis-server of our own on a free loopback port, in a temp folder removed at stop. */
export async function startRedis(extra: string[] = []): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "avalon-redis-"));
  let proc = launch(port, dir, extra);
  await waitForPort(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await kill(proc);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await kill(proc);
      proc = launch(port, dir, extra);
      await waitForPort(port);
    },
    async down() {
      await kill(proc);
    },
    async up() {
      proc = launch(port, dir, extra);
      await waitForPort(port);
    },
    pause() {
      proc.kill("SIGSTOP");
    },
    resume() {
      proc.kill("SIGCONT");
    },
  };
}

export interface RedisClusterProcess {
  /** Every server, masters and replicas. */
  ports: number[];
  urls: string[];
  /** The masters' ports, as the cluster says once it is formed. */
  masters: number[];
  /** `host:port` seeds for REDIS_CLUSTER_NODES. */
  seeds: string;
  /** One server, to kill or pause, by port. */
  server(port: number): RedisProcess;
  /** The port of a master's (first) replica. */
  replicaOf(masterPort: number): number;
  /**
   * Kills a master with SIGKILL and waits until its replica has taken its slots; then starts it
   * again, when it rejoins as that replica's replica, and waits until it is in sync.
   */
  failover(port: number, opts?: { afterKill?: () => void }): Promise<void>;
  stop(): Promise<void>;
}

/** The port of a `CLUSTER NODES` line. */
function portOf(line: string): number {
  return Number(/:(\d+)@/.exec(line)?.[1]);
}

function cli(port: number, ...args: string[]): string {
  return execFileSync("redis-cli", ["-p", String(port), ...args]).toString();
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`redis cluster: ${what} not reached in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Three masters joined with `redis-cli --cluster create`, each with `replicas` replicas; resolves
 * once every node sees the cluster ok and every replica is in sync with its master.
 */
export async function startRedisCluster(opts: { replicas?: number } = {}): Promise<RedisClusterProcess> {
  const replicas = opts.replicas ?? 0;
  const nodes: RedisProcess[] = [];
  for (let i = 0; i < 3 * (1 + replicas); i++) {
    // The bus port is chosen too: by default it is the port + 10,000, where nothing keeps it free.
    const bus = await freePort();
    nodes.push(await startRedis(["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${i}.conf`, "--cluster-node-timeout", "2000", "--cluster-port", String(bus)]));
  }
  execFileSync("redis-cli", ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", String(replicas), "--cluster-yes"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await until("cluster_state:ok", () => nodes.every((n) => cli(n.port, "cluster", "info").includes("cluster_state:ok")));
  const roles = () => cli(nodes[0]?.port as number, "cluster", "nodes").split("\n").filter(Boolean);
  await until("replicas in sync", () => {
    const lines = roles();
    const mastersUp = lines.filter((l) => l.includes("master") && !l.includes("fail")).length === 3;
    const replicaPorts = lines.filter((l) => l.includes("slave")).map(portOf);
    return mastersUp && replicaPorts.length === 3 * replicas && replicaPorts.every((p) => cli(p, "info", "replication").includes("master_link_status:up"));
  });
  const masters = roles()
    .filter((l) => l.includes("master"))
    .map(portOf);
  return {
    ports: nodes.map((n) => n.port),
    urls: nodes.map((n) => n.url),
    masters,
    seeds: nodes.map((n) => `127.0.0.1:${n.port}`).join(","),
    server(port) {
      const found = nodes.find((n) => n.port === port);
      if (!found) throw new Error(`no redis server on port ${port}`);
      return found;
    },
    replicaOf(masterPort) {
      const lines = cli(masterPort, "cluster", "nodes").split("\n");
      const id = lines.find((l) => l.includes("myself"))?.split(" ")[0];
      const replica = lines.find((l) => id !== undefined && l.includes(`slave ${id}`));
      if (!replica) throw new Error(`no replica of ${masterPort}`);
      return portOf(replica);
    },
    async failover(port, opts = {}) {
      const victim = nodes.find((n) => n.port === port);
      const witness = nodes.find((n) => n.port !== port);
      if (!victim || !witness) throw new Error(`no redis server on port ${port}`);
      await victim.down();
      opts.afterKill?.();
      const view = () => cli(witness.port, "cluster", "nodes").split("\n").filter(Boolean);
      const serving = (l: string) => portOf(l) !== port && l.includes("master") && !l.includes("fail");
      await until("a replica promoted", () => view().filter(serving).length === 3 && cli(witness.port, "cluster", "info").includes("cluster_state:ok"));
      await victim.up();
      await until("the old master back as a replica in sync", () => view().some((l) => portOf(l) === port && l.includes("slave") && !l.includes("fail")) && cli(port, "info", "replication").includes("master_link_status:up"));
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

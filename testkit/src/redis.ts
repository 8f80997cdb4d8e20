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
  ports: number[];
  urls: string[];
  stop(): Promise<void>;
}

/** Three masters joined with `redis-cli --cluster create`, no replicas. */
export async function startRedisCluster(): Promise<RedisClusterProcess> {
  const nodes: RedisProcess[] = [];
  for (let i = 0; i < 3; i++) {
    nodes.push(await startRedis(["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${i}.conf`, "--cluster-node-timeout", "2000"]));
  }
  execFileSync("redis-cli", ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "0", "--cluster-yes"], {
    stdio: "ignore",
  });
  const until = Date.now() + 15_000;
  for (;;) {
    const info = execFileSync("redis-cli", ["-p", String(nodes[0]?.port), "cluster", "info"]).toString();
    if (info.includes("cluster_state:ok")) break;
    if (Date.now() > until) throw new Error("redis cluster did not become ok");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ports: nodes.map((n) => n.port),
    urls: nodes.map((n) => n.url),
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Proc {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** A redis-server of the benchmark's own, on a free loopback port, without persistence. */
export async function startRedis(): Promise<Proc> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "avalon-bench-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => net.connect(port, "127.0.0.1").once("connect", function (this: net.Socket) { this.destroy(); r(true); }).once("error", () => r(false)));
    if (ok) break;
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real node process (the built server) with benchmark limits, ready when this resolves. */
export async function startServer(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO, "server/dist/main.js")], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SECRET: "benchmark-secret-0123456789",
      ADMIN_TOKEN: "benchmark-operator-0123456789",
      VIEWER_TOKEN: "benchmark-viewer-0123456789",
      LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "1000000",
      LIMIT_EVENTS_PER_SECOND: "1000",
      LIMIT_EVENT_BURST: "2000",
      DRAIN_WINDOW_MS: "0",
      ...env,
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 200) throw new Error(`node on ${port} did not become ready`);
    await sleep(50);
  }
  return { url, port, stop: () => stopChild(child) };
}

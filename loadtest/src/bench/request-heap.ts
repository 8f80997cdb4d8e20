import { fork } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { releaseRequests, type GameServer } from "@avalon/server";
import { machine } from "./report.js";

/**
 * V8 heap per idle connection of a Socket.IO server alone, with and without the release of each
 * connection's handshake request (`releaseRequests`), the clients in a child process so their
 * objects are not counted. Run: `node loadtest/dist/bench/request-heap.js [connections] [runs]`.
 */

const BROWSER_HEADERS = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "accept-language": "en-US,en;q=0.9",
  cookie: `session=${"x".repeat(200)}`,
};

async function clients(url: string, count: number, browserHeaders: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    const c = connect(url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: browserHeaders ? BROWSER_HEADERS : {} });
    await new Promise<void>((r) => c.once("connect", () => r()));
  }
}

function collect(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function measure(release: boolean, browserHeaders: boolean, count: number): Promise<number> {
  const http = createServer();
  const io: GameServer = new Server(http, { serveClient: false });
  if (release) releaseRequests(io, false);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const before = collect();
  const child = fork(fileURLToPath(import.meta.url), ["clients", `http://127.0.0.1:${(http.address() as AddressInfo).port}`, String(count), String(browserHeaders)]);
  await new Promise((r) => child.once("message", r));
  while (io.engine.clientsCount < count) await new Promise((r) => setTimeout(r, 20));
  const perConnKib = (collect() - before) / count / 1024;
  child.kill();
  await new Promise<void>((r) => io.close(() => r()));
  return perConnKib;
}

/** Each measurement in a fresh process, so no earlier server's garbage is in its heap. */
function inFreshProcess(release: boolean, browserHeaders: boolean, count: number): Promise<number> {
  const child = fork(fileURLToPath(import.meta.url), ["measure", String(release), String(browserHeaders), String(count)], { execArgv: ["--expose-gc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (kib) => resolve(Number(kib)));
    child.once("exit", (code) => reject(new Error(`measurement exited with code ${code}`)));
  });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "clients") {
  const [url, n, headers] = args;
  await clients(url as string, Number(n), headers === "true");
  process.send?.("ready");
} else if (mode === "measure") {
  const [release, headers, n] = args;
  process.send?.(await measure(release === "true", headers === "true", Number(n)));
  process.disconnect?.();
} else {
  const count = Number(mode ?? 2000);
  const runs = Number(args[0] ?? 3);
  console.log(`${machine()}; load average ${os.loadavg()[0]?.toFixed(1)}; ${count} connections, ${runs} runs each`);
  for (const browserHeaders of [true, false]) {
    for (let run = 1; run <= runs; run++) {
      const kept = await inFreshProcess(false, browserHeaders, count);
      const released = await inFreshProcess(true, browserHeaders, count);
      console.log(`${browserHeaders ? "browser-like headers" : "Node client defaults"}, run ${run}: ${kept.toFixed(2)} KiB/conn kept, ${released.toFixed(2)} released, saved ${(kept - released).toFixed(2)}`);
    }
  }
}

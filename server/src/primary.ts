import type { AddressInfo } from "node:net";
import cluster from "node:cluster";
import { createServer } from "node:http";
import { setupMaster } from "@socket.io/sticky";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

/**
 * Cluster mode on one machine: the primary owns the port and hands each connection to a worker
 * with @socket.io/sticky, so every long-polling request of a session reaches the same worker.
 * Workers share game state through Redis. A worker that dies is replaced.
 */
export function runPrimary(config: Config, log: Logger): void {
  const http = createServer();
  // The first chunk of each connection travels to the worker as a Buffer, which needs advanced IPC serialisation.
  cluster.setupPrimary({ serialization: "advanced" });
  setupMaster(http, { loadBalancingMethod: "round-robin" });
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ WORKER_INDEX: String(index), NODE_ID: `${config.nodeId}-w${index}` });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      log.warn({ index, code, signal }, "worker exited; starting a new one");
      fork(index);
    });
  };
  for (let i = 0; i < config.workerCount; i++) fork(i);
  http.listen(config.port, config.host, () => {
    process.stdout.write(`avalon-realtime primary listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${(http.address() as AddressInfo).port} with ${config.workerCount} workers\n`);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: forcing exit");
      process.exit(1);
    }
    stopping = true;
    http.close();
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

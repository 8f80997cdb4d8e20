import { createServer, type Server as HttpServer } from "node:http";
import type { Limits } from "@avalon/protocol";
import type { Config } from "../config.js";
import { createHttpApp } from "../http/app.js";
import { boundPort } from "../http/bound-port.js";
import { mountStatic } from "../http/static.js";
import type { Metrics } from "../metrics/metrics.js";
import { hardCap } from "../ops/connection-gate.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { Readiness } from "../ops/readiness.js";

export interface HttpPart {
  readonly http: HttpServer;
  /** The port bound by start, or null before it. */
  port(): number | null;
  /** Listens on PORT unless `listen` is false; resolves with the port in use. */
  start(listen: boolean): Promise<number>;
}

export interface HttpPartDeps {
  readiness: Readiness;
  metrics: Metrics;
  limits: LimitsState;
}

/** The HTTP shell: health, readiness, /metrics and the static dashboard. Socket.IO closes it. */
export function createHttpServer(config: Config, deps: HttpPartDeps): HttpPart {
  const { metrics } = deps;
  const app = createHttpApp({
    ready: () => deps.readiness.isReady(),
    routes: (a) => {
      a.get("/metrics", async (_req, res) => {
        res.set("Content-Type", metrics.registry.contentType).send(await metrics.registry.metrics());
      });
      mountStatic(a, config);
    },
  });
  const http = createServer(app);
  const applyHttpCap = (l: Limits) => {
    http.maxConnections = hardCap(l.maxConnectionsPerNode) + 200;
  };
  applyHttpCap(deps.limits.get());
  deps.limits.onChange(applyHttpCap);
  let port: number | null = null;
  return {
    http,
    port: () => port,
    async start(listen) {
      if (listen) {
        await new Promise<void>((resolve, reject) => {
          http.once("error", reject);
          http.listen(config.port, config.host, () => resolve());
        });
      }
      port = listen ? boundPort(http) : config.port;
      return port;
    },
  };
}

import http from "node:http";
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry } from "prom-client";
import { ENGINE_ERROR_CODES, TRANSPORT_ERROR_CODES } from "@avalon/protocol";
import type { MetricsObserver } from "./run-metrics.js";

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What `registry.getMetricsAsJSON()` gives, as it travels from worker processes to the parent. */
export type PromJson = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

/**
 * The load generator's own Prometheus metrics, on an explicit registry, each labelled with the
 * run's name so that runs scraped into one Prometheus stay apart. No label carries a room or player.
 */
export class LoadgenMetrics implements MetricsObserver {
  readonly registry = new Registry();
  private readonly connectH: Histogram<"run">;
  private readonly ackH: Histogram<"run" | "event">;
  private readonly deliveryH: Histogram<"run">;
  private readonly errorsC: Counter<"run" | "code">;
  private readonly gamesC: Counter<"run">;
  private readonly connectionsG: Gauge<"run">;

  constructor(private readonly run: string) {
    const registers = [this.registry];
    this.connectH = new Histogram({ name: "avalon_loadgen_connect_seconds", help: "Load generator: time from opening a connection to the server's session event.", labelNames: ["run"], buckets: LATENCY_BUCKETS, registers });
    this.ackH = new Histogram({ name: "avalon_loadgen_ack_seconds", help: "Load generator: time from sending a request to its ack, by event.", labelNames: ["run", "event"], buckets: LATENCY_BUCKETS, registers });
    this.deliveryH = new Histogram({ name: "avalon_loadgen_delivery_seconds", help: "Load generator: time from the server's ts stamp on a pushed message to its receipt.", labelNames: ["run"], buckets: LATENCY_BUCKETS, registers });
    this.errorsC = new Counter({ name: "avalon_loadgen_errors_total", help: "Load generator: refused or failed operations, by error code.", labelNames: ["run", "code"], registers });
    this.gamesC = new Counter({ name: "avalon_loadgen_games_finished_total", help: "Load generator: games played to their end.", labelNames: ["run"], registers });
    this.connectionsG = new Gauge({ name: "avalon_loadgen_connections", help: "Load generator: open connections.", labelNames: ["run"], registers });
    // Zero-valued series exist from the start, so that rates work from the first scrape.
    this.gamesC.inc({ run }, 0);
    this.connectionsG.set({ run }, 0);
    this.connectH.zero({ run });
    this.deliveryH.zero({ run });
    for (const code of [...ENGINE_ERROR_CODES, ...TRANSPORT_ERROR_CODES]) this.errorsC.inc({ run, code }, 0);
  }

  connect(ms: number): void {
    this.connectH.observe({ run: this.run }, ms / 1000);
  }

  ack(event: string, ms: number): void {
    this.ackH.observe({ run: this.run, event }, ms / 1000);
  }

  delivery(ms: number): void {
    this.deliveryH.observe({ run: this.run }, ms / 1000);
  }

  error(code: string): void {
    this.errorsC.inc({ run: this.run, code });
  }

  gameFinished(): void {
    this.gamesC.inc({ run: this.run });
  }

  connections(open: number): void {
    this.connectionsG.set({ run: this.run }, open);
  }

  json(): Promise<PromJson> {
    return this.registry.getMetricsAsJSON();
  }
}

/** The exposition text of several processes' registries, summed series by series. */
export async function aggregateText(parts: readonly PromJson[]): Promise<{ text: string; contentType: string }> {
  const registry = AggregatorRegistry.aggregate(parts as object[]);
  return { text: await registry.metrics(), contentType: registry.contentType };
}

/** The same sum as JSON, for remote write. */
export function aggregateJson(parts: readonly PromJson[]): Promise<PromJson> {
  return AggregatorRegistry.aggregate(parts as object[]).getMetricsAsJSON();
}

/** Serves GET /metrics on host:port until closed. */
export async function serveMetrics(host: string, port: number, source: () => Promise<{ text: string; contentType: string }>): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end("not found\n");
      return;
    }
    source().then(
      ({ text, contentType }) => res.writeHead(200, { "content-type": contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(`${(err as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would hold the close open.
        server.closeAllConnections();
      }),
  };
}

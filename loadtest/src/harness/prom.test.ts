import { describe, expect, it } from "vitest";
import { aggregateText, LoadgenMetrics, serveMetrics } from "./prom.js";

describe("Prometheus metrics of the load generator", () => {
  it("declares every metric with the run label", async () => {
    const m = new LoadgenMetrics("raw-1");
    m.connect(12);
    m.ack("game:action", 3);
    m.delivery(4);
    m.error("timeout");
    m.gameFinished();
    m.connections(7);
    const text = await m.registry.metrics();
    expect(text).toContain('avalon_loadgen_connect_seconds_count{run="raw-1"} 1');
    expect(text).toContain('avalon_loadgen_ack_seconds_count{run="raw-1",event="game:action"} 1');
    expect(text).toContain('avalon_loadgen_delivery_seconds_count{run="raw-1"} 1');
    expect(text).toContain('avalon_loadgen_errors_total{run="raw-1",code="timeout"} 1');
    expect(text).toContain('avalon_loadgen_games_finished_total{run="raw-1"} 1');
    expect(text).toContain('avalon_loadgen_connections{run="raw-1"} 7');
  });

  it("sums the registries of worker processes into one exposition", async () => {
    const a = new LoadgenMetrics("r");
    const b = new LoadgenMetrics("r");
    a.connections(300);
    b.connections(200);
    a.ack("chat:send", 1);
    b.ack("chat:send", 2);
    const { text } = await aggregateText([await a.json(), await b.json()]);
    expect(text).toContain('avalon_loadgen_connections{run="r"} 500');
    expect(text).toContain('avalon_loadgen_ack_seconds_count{run="r",event="chat:send"} 2');
  });

  it("serves /metrics over HTTP and nothing else", async () => {
    const m = new LoadgenMetrics("r");
    const server = await serveMetrics("127.0.0.1", 0, async () => ({ text: await m.registry.metrics(), contentType: m.registry.contentType }));
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("avalon_loadgen_games_finished_total");
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

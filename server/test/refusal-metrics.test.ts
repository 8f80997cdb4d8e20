import { afterAll, describe, expect, it } from "vitest";
import type { AvalonNode } from "../src/node.js";
import { ack, client, startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

type Answer = { ok: boolean; code?: string };

/** One series of a node's registry: a counter by its name, a histogram's count as `<name>_count`. */
async function value(node: AvalonNode, series: string, labels: Record<string, string>): Promise<number | undefined> {
  const name = series.replace(/_count$/, "");
  const values = (await node.metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((v) => ((v as { metricName?: string }).metricName ?? name) === series && Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe("refusals before the handler", () => {
  it("count in avalon_action_rejections_total by code and in the ack latency, like the handlers' errors", async () => {
    const { url, node } = await startNode({
      LIMIT_EVENTS_PER_SECOND: "5",
      LIMIT_EVENT_BURST: "5",
      LIMIT_DISCONNECT_AFTER_VIOLATIONS: "1000",
      LIMIT_MAX_PAYLOAD_BYTES: "256",
    });
    const { socket } = await client(url, { name: "abuser" });
    expect(await ack<Answer>(socket, "no:such:event", {})).toMatchObject({ ok: false, code: "bad_request" });
    expect(await ack<Answer>(socket, "chat:send", { roomId: "ABCDEF", text: "x".repeat(400) })).toMatchObject({ ok: false, code: "payload_too_large" });
    const burst = await Promise.all(Array.from({ length: 12 }, () => ack<Answer>(socket, "room:sync", { roomId: "ABCDEF" })));
    const limited = burst.filter((a) => a.code === "rate_limited").length;
    expect(limited).toBeGreaterThan(0);

    expect(await value(node, "avalon_action_rejections_total", { code: "rate_limited" })).toBe(limited);
    expect(await value(node, "avalon_action_rejections_total", { code: "payload_too_large" })).toBe(1);
    expect(await value(node, "avalon_action_rejections_total", { code: "bad_request" })).toBe(1);
    expect(await value(node, "avalon_events_rate_limited_total", {})).toBe(limited);
    expect(await value(node, "avalon_ack_latency_seconds_count", { event: "unknown" })).toBe(1);
    expect(await value(node, "avalon_ack_latency_seconds_count", { event: "chat:send" })).toBe(1);
    expect(await value(node, "avalon_ack_latency_seconds_count", { event: "room:sync" })).toBe(12);
  });
});

import { WireSocket } from "@avalon/loadtest";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { fetchStatus } from "./support/drain.js";
import { type HaproxyProcess, killChildren, spawnNode, startHaproxy } from "@avalon/testkit";
import { Tally } from "./support/tally.js";

/*
 * A drained node's players reconnect through HAProxy before its health checks have failed:
 * `leastconn` then prefers the draining node (it holds the fewest connections), so every
 * reconnect must be turned away in a way HAProxy retries elsewhere at once.
 */

const tally = new Tally("drain");
const sockets: WireSocket[] = [];
let haproxy: HaproxyProcess | null = null;

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await haproxy?.stop();
  haproxy = null;
  killChildren();
});
afterAll(() => tally.print());

async function connect(url: string, name: string): Promise<{ code: string; nodeId: string | null; ms: number }> {
  const t0 = performance.now();
  return WireSocket.connect(url, { name }).then(
    ({ raw }) => {
      sockets.push(raw);
      const session = raw.received.map(String).find((f) => f.startsWith('42["session"'));
      const nodeId = session ? (JSON.parse(session.slice(2)) as [string, { nodeId: string }])[1].nodeId : null;
      return { code: "ok", nodeId, ms: performance.now() - t0 };
    },
    (err: { code?: string; message: string }) => ({ code: err.code ?? err.message, nodeId: null, ms: performance.now() - t0 }),
  );
}

describe("drains through HAProxy", () => {
  it("sends every handshake that reaches a draining node to another node at once", async () => {
    const env = { TRUST_PROXY: "true", ADMIN_TOKEN: "op-token-drain-0123456789", VIEWER_TOKEN: "vw-token-drain-0123456789" };
    const draining = await spawnNode({ ...env, NODE_ID: "draining" });
    const other = await spawnNode({ ...env, NODE_ID: "other" });
    haproxy = await startHaproxy([`127.0.0.1:${draining.port}`, `127.0.0.1:${other.port}`, `127.0.0.1:${other.port}`]);
    const proxy = haproxy.url;
    // Until HAProxy's first health checks pass, connections may be refused; then both nodes get some.
    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      const c = await connect(proxy, `warm${i}`);
      if (c.nodeId) seen.add(c.nodeId);
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect([...seen].sort()).toEqual(["draining", "other"]);
    // An operator's drain: the node stays up, drained, refusing every new handshake.
    const op = await WireSocket.open(draining.url);
    sockets.push(op);
    expect(await op.join("/admin", { token: env.ADMIN_TOKEN })).toEqual({ ok: true });
    expect(await op.request("admin:command", [{ type: "drain", nodeId: "draining", force: true }], 5000, "/admin")).toMatchObject({ ok: true });
    for (let i = 0; i < 100 && (await fetchStatus(`${draining.url}/readyz`)) !== 503; i++) await new Promise((r) => setTimeout(r, 20));
    // HAProxy marks the node down only after two failed checks a second apart: these all come before.
    const reconnects: Awaited<ReturnType<typeof connect>>[] = [];
    for (let i = 0; i < 20; i++) reconnects.push(await connect(proxy, `back${i}`));
    const metrics = await fetch(`${draining.url}/metrics`).then((r) => r.text());
    const refused = Number(/avalon_connections_rejected_total\{[^}]*reason="draining"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    console.log(`[reliability] drain redispatch: ${JSON.stringify(reconnects.map((r) => `${r.code}@${r.nodeId}:${Math.round(r.ms)}ms`))}; handshakes the draining node refused: ${refused}`);
    await tally.soft("drain: handshakes reaching the draining node are retried on another at once", () => {
      expect(reconnects.filter((r) => r.code !== "ok")).toEqual([]);
      expect(reconnects.every((r) => r.nodeId === "other")).toBe(true);
      expect(Math.max(...reconnects.map((r) => r.ms))).toBeLessThan(1000);
      // The draining node was asked (it has the fewest connections) and turned the handshakes away.
      expect(refused).toBeGreaterThan(0);
    });
    tally.rethrow();
  });
});

import { SAMPLE } from "./server-counters.js";

/** One node's own counters (from its /metrics), per Redis connection where they are per connection. */
export interface NodeFigures {
  /** Commands, bytes written and bytes read, by connection (cmd, ctl, pub, sub, bus). */
  redis: Record<string, { commands: number; written: number; read: number }>;
  adapterReceived: number;
  /** Of those, on a namespace's channel, which every node receives. */
  adapterAll: number;
  adapterPublished: number;
  /** Events delivered to this node's game sockets (one per recipient). */
  delivered: number;
  heartbeats: number;
  claims: number;
}

const WIRE: Record<string, "commands" | "written" | "read"> = {
  avalon_redis_commands_sent_total: "commands",
  avalon_redis_bytes_written_total: "written",
  avalon_redis_bytes_read_total: "read",
};
const SCALARS: Record<string, "adapterReceived" | "adapterPublished" | "delivered" | "heartbeats" | "claims"> = {
  avalon_adapter_received_total: "adapterReceived",
  avalon_adapter_published_total: "adapterPublished",
  avalon_events_sent_total: "delivered",
  avalon_heartbeats_total: "heartbeats",
  avalon_room_claims_written_total: "claims",
};

export async function readNode(url: string): Promise<NodeFigures> {
  const f: NodeFigures = { redis: {}, adapterReceived: 0, adapterAll: 0, adapterPublished: 0, delivered: 0, heartbeats: 0, claims: 0 };
  const text = await (await fetch(`${url}/metrics`)).text();
  for (const line of text.split("\n")) {
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const [, name = "", labels = "", raw] = m;
    const wire = WIRE[name];
    const scalar = SCALARS[name];
    if (wire) {
      const connection = /connection="([^"]+)"/.exec(labels)?.[1] ?? "?";
      const c = (f.redis[connection] ??= { commands: 0, written: 0, read: 0 });
      c[wire] += Number(raw);
    } else if (scalar) f[scalar] += Number(raw);
    if (name === "avalon_adapter_received_total" && labels.includes('channel="all"')) f.adapterAll += Number(raw);
  }
  return f;
}

export function nodeDelta(before: NodeFigures, after: NodeFigures): NodeFigures {
  const redis: NodeFigures["redis"] = {};
  for (const [conn, a] of Object.entries(after.redis)) {
    const b = before.redis[conn] ?? { commands: 0, written: 0, read: 0 };
    redis[conn] = { commands: a.commands - b.commands, written: a.written - b.written, read: a.read - b.read };
  }
  return {
    redis,
    adapterReceived: after.adapterReceived - before.adapterReceived,
    adapterAll: after.adapterAll - before.adapterAll,
    adapterPublished: after.adapterPublished - before.adapterPublished,
    delivered: after.delivered - before.delivered,
    heartbeats: after.heartbeats - before.heartbeats,
    claims: after.claims - before.claims,
  };
}

/** One node's Redis traffic over all its connections, or over the named ones. */
export function redisTotal(f: NodeFigures, connections?: string[]): { commands: number; written: number; read: number } {
  const out = { commands: 0, written: 0, read: 0 };
  for (const [conn, c] of Object.entries(f.redis)) {
    if (connections && !connections.includes(conn)) continue;
    out.commands += c.commands;
    out.written += c.written;
    out.read += c.read;
  }
  return out;
}

/** The longest event-loop delay since the last reading, ms: our node's metric, or the fixture's `/lag`. */
export async function lagMaxMs(server: { url: string }, ours: boolean): Promise<number> {
  if (!ours) return Number(await (await fetch(`${server.url}/lag`)).text());
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(text);
  return m ? Number(m[1]) * 1000 : NaN;
}

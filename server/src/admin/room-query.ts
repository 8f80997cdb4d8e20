import type { NodeId, Phase, RoomId, RoomQuery, RoomStats, RoomStatus } from "@avalon/protocol";
import { roomQuerySchema } from "@avalon/protocol";
import type { RoomActivity, RoomSummary } from "../cluster/cluster-services.js";

/** Abandoned: not over, yet nobody has a socket in it on any node. */
export function roomStatus(phase: Phase, sockets: number): RoomStatus {
  if (phase === "ended") return "ended";
  return sockets > 0 ? "active" : "abandoned";
}

/** Joins the room index with every node's activity, then filters, sorts and pages it. */
export function queryRooms(
  index: RoomSummary[],
  activity: Record<NodeId, Record<RoomId, RoomActivity>>,
  query: RoomQuery,
  now = Date.now(),
): { total: number; rooms: RoomStats[] } {
  const q = roomQuerySchema.parse(query);
  const rows: RoomStats[] = index.map((s) => {
    let msgs = 0;
    let sockets = 0;
    let bytes = 0;
    const nodes: NodeId[] = [];
    for (const [nodeId, rooms] of Object.entries(activity)) {
      const a = rooms[s.roomId];
      if (!a) continue;
      if (a.sockets > 0) nodes.push(nodeId);
      sockets += a.sockets;
      msgs += a.msgsPerSec;
      bytes += a.bytesPerSec;
    }
    return {
      roomId: s.roomId,
      phase: s.phase,
      players: s.players,
      spectators: s.spectators,
      nodes: nodes.sort(),
      msgsPerSec: Math.round(msgs * 100) / 100,
      bytesPerSec: Math.round(bytes),
      createdAt: s.createdAt,
      ageSec: Math.max(0, Math.round((now - s.createdAt) / 1000)),
      version: s.version,
      status: roomStatus(s.phase, sockets),
    };
  });
  const filtered = rows.filter(
    (r) => (!q.phase || r.phase === q.phase) && (!q.status || r.status === q.status) && (!q.search || r.roomId.includes(q.search.toUpperCase())),
  );
  const dir = q.desc ? -1 : 1;
  filtered.sort((a, b) => {
    const x = a[q.sort];
    const y = b[q.sort];
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? c * dir : a.roomId.localeCompare(b.roomId);
  });
  return { total: filtered.length, rooms: filtered.slice(q.page * q.pageSize, (q.page + 1) * q.pageSize) };
}

import type { NodeId, Phase, RoomActivity, RoomId, RoomQuery, RoomStats, RoomStatus } from "@avalon/protocol";
import { roomQuerySchema } from "@avalon/protocol";
import type { RoomSummary } from "../cluster/cluster-services.js";

export type ParsedRoomQuery = ReturnType<typeof roomQuerySchema.parse>;

/** Abandoned: not over, yet nobody has a socket in it on any node. */
export function roomStatus(phase: Phase, sockets: number): RoomStatus {
  if (phase === "ended") return "ended";
  return sockets > 0 ? "active" : "abandoned";
}

/** One row per room summary, with the activity every node reported in it. */
export function roomRows(index: RoomSummary[], activity: Record<NodeId, Record<RoomId, RoomActivity>>, now = Date.now()): RoomStats[] {
  return index.map((s) =>
    withActivity(
      {
        roomId: s.roomId,
        phase: s.phase,
        players: s.players,
        spectators: s.spectators,
        nodes: [],
        msgsPerSec: 0,
        bytesPerSec: 0,
        createdAt: s.createdAt,
        ageSec: Math.max(0, Math.round((now - s.createdAt) / 1000)),
        version: s.version,
        status: roomStatus(s.phase, 0),
      },
      activity,
    ),
  );
}

/** A row's traffic, nodes and status from what each node saw of the room (summed over nodes). */
export function withActivity(row: RoomStats, activity: Record<NodeId, Record<RoomId, RoomActivity>>): RoomStats {
  let msgs = 0;
  let sockets = 0;
  let bytes = 0;
  const nodes: NodeId[] = [];
  for (const [nodeId, rooms] of Object.entries(activity)) {
    const a = rooms[row.roomId];
    if (!a) continue;
    if (a.sockets > 0) nodes.push(nodeId);
    sockets += a.sockets;
    msgs += a.msgsPerSec;
    bytes += a.bytesPerSec;
  }
  return { ...row, nodes: nodes.sort(), msgsPerSec: Math.round(msgs * 100) / 100, bytesPerSec: Math.round(bytes), status: roomStatus(row.phase, sockets) };
}

/** Rows ordered by one sort key, ties by room id. */
export function sortRows(rows: RoomStats[], sort: ParsedRoomQuery["sort"], desc: boolean): RoomStats[] {
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? c * dir : a.roomId.localeCompare(b.roomId);
  });
}

/** Whether a row passes the query's filters. */
export function matchesQuery(row: RoomStats, q: ParsedRoomQuery): boolean {
  return (!q.phase || row.phase === q.phase) && (!q.status || row.status === q.status) && (!q.search || row.roomId.includes(q.search.toUpperCase()));
}

/** One page of already sorted rows, and how many rows pass the filters. */
export function pageOf(sorted: RoomStats[], q: ParsedRoomQuery): { total: number; rooms: RoomStats[] } {
  const filtered = q.phase || q.status || q.search ? sorted.filter((r) => matchesQuery(r, q)) : sorted;
  return { total: filtered.length, rooms: filtered.slice(q.page * q.pageSize, (q.page + 1) * q.pageSize) };
}

/** Joins room summaries with every node's activity, then filters, sorts and pages it. */
export function queryRooms(
  index: RoomSummary[],
  activity: Record<NodeId, Record<RoomId, RoomActivity>>,
  query: RoomQuery,
  now = Date.now(),
): { total: number; rooms: RoomStats[] } {
  const q = roomQuerySchema.parse(query);
  return pageOf(sortRows(roomRows(index, activity, now), q.sort, q.desc), q);
}

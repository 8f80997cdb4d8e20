import { MAX_ROOM_LIST_DEPTH, roomQuerySchema, type NodeRoomActivity, type NodeRoomRows, type RoomActivity, type RoomId, type RoomQuery } from "@avalon/protocol";
import type { OwnRooms } from "../rooms/own-rooms.js";
import type { AdminNamespace } from "../transport/types.js";
import { askOtherNodes, emitWithAck } from "./ask-nodes.js";
import { matchesQuery, roomRows, sortRows } from "./room-query.js";

/** What this node knows of rooms: those it lists, and its own sockets and traffic in any room. */
export interface LocalRooms {
  nodeId: string;
  own: Pick<OwnRooms, "get" | "summaries">;
  sockets: (roomId: RoomId) => number;
  rate: (roomId: RoomId) => { msgsPerSec: number; bytesPerSec: number };
}

/** The room-list requests every node answers, each from its own rooms. */
export interface RoomGather {
  /** Every node's first `depth` rows in the query's order, and how many of its rooms pass the filters. */
  rows(query: RoomQuery, depth: number): Promise<NodeRoomRows[]>;
  /** Every node's sockets and traffic in these rooms, and the rows of those it lists. */
  activity(roomIds: RoomId[]): Promise<NodeRoomActivity[]>;
}

/** Rows of this node's own rooms with its own activity: sorted and cut to `depth`, so the answer is bounded. */
export function localRows(local: LocalRooms, query: RoomQuery, depth: number): NodeRoomRows {
  const q = roomQuerySchema.parse(query);
  const own = local.own.summaries();
  const rows = roomRows(own, { [local.nodeId]: activityOf(local, own.map((s) => s.roomId)) }).filter((r) => matchesQuery(r, q));
  return { nodeId: local.nodeId, total: rows.length, rows: sortRows(rows, q.sort, q.desc).slice(0, Math.min(Math.max(0, depth), MAX_ROOM_LIST_DEPTH)) };
}

export function localActivity(local: LocalRooms, roomIds: RoomId[]): NodeRoomActivity {
  const activity = activityOf(local, roomIds);
  const own = roomIds.flatMap((id) => local.own.get(id) ?? []);
  return { nodeId: local.nodeId, activity, rows: roomRows(own, { [local.nodeId]: activity }) };
}

function activityOf(local: LocalRooms, roomIds: RoomId[]): Record<RoomId, RoomActivity> {
  const out: Record<RoomId, RoomActivity> = {};
  for (const id of roomIds) {
    const sockets = local.sockets(id);
    const rate = local.rate(id);
    if (sockets > 0 || rate.msgsPerSec > 0) out[id] = { sockets, ...rate };
  }
  return out;
}

/** Answers the other nodes' room requests, checking what they send as it would a client's. */
export function answerRoomRequests(nsp: AdminNamespace, local: LocalRooms): void {
  nsp.on("admin:room_rows", (req, reply) => {
    const parsed = roomQuerySchema.safeParse(req?.query);
    const depth = Number.isInteger(req?.depth) ? req.depth : 0;
    reply(parsed.success ? localRows(local, parsed.data, depth) : { nodeId: local.nodeId, total: 0, rows: [] });
  });
  nsp.on("admin:room_activity", (roomIds, reply) => {
    reply(localActivity(local, Array.isArray(roomIds) ? roomIds.filter((id) => typeof id === "string").slice(0, 1_000) : []));
  });
}

/** This node's answer and, when other nodes share the adapter, theirs. */
export function roomGather(nsp: AdminNamespace, local: LocalRooms, clustered: boolean): RoomGather {
  return {
    async rows(query, depth) {
      const others = clustered ? await askOtherNodes<NodeRoomRows>(() => emitWithAck(nsp, "admin:room_rows", { query, depth })) : [];
      return [localRows(local, query, depth), ...others.filter((o) => o?.nodeId !== local.nodeId && Array.isArray(o?.rows))];
    },
    async activity(roomIds) {
      if (roomIds.length === 0) return [];
      const others = clustered ? await askOtherNodes<NodeRoomActivity>(() => emitWithAck(nsp, "admin:room_activity", roomIds)) : [];
      return [localActivity(local, roomIds), ...others.filter((o) => o?.nodeId !== local.nodeId && Array.isArray(o?.rows))];
    },
  };
}

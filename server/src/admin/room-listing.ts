import { MAX_ROOM_PAGE_SIZE, type RoomId, type RoomStats } from "@avalon/protocol";
import type { ClusterServices } from "../cluster/cluster-services.js";
import { pageOf, roomRows, sortRows, type ParsedRoomQuery } from "./room-query.js";

interface View {
  at: number;
  rows: RoomStats[];
  byId: Map<RoomId, RoomStats>;
  /** Sorted copies of `rows`, made on first use, per sort key and direction. */
  sorted: Map<string, RoomStats[]>;
}

export interface RoomListingDeps {
  cluster: Pick<ClusterServices, "listRoomIndex" | "listActivity">;
  /** How long one read of the index serves every request (the activity itself is per second). */
  periodMs?: number;
  clock?: () => number;
}

/**
 * The admin room list, read from the cluster at most once per period and sorted at most once
 * per sort key in that period, whatever the number of requests: a request then costs a page
 * (plus one pass over the rows when it filters), never a fetch and a sort of every room.
 */
export class RoomListing {
  private view: View | null = null;
  private loading: Promise<View> | null = null;

  constructor(private readonly deps: RoomListingDeps) {}

  async query(q: ParsedRoomQuery): Promise<{ total: number; rooms: RoomStats[]; pageSize: number }> {
    const pageSize = Math.min(q.pageSize, MAX_ROOM_PAGE_SIZE);
    const view = await this.current();
    const key = `${q.sort}:${q.desc}`;
    let sorted = view.sorted.get(key);
    if (!sorted) view.sorted.set(key, (sorted = sortRows(view.rows, q.sort, q.desc)));
    return { ...pageOf(sorted, { ...q, pageSize }), pageSize };
  }

  /** One room; a room missing from a view older than a tenth of a second (made since) is looked for in a fresh read. */
  async room(roomId: RoomId): Promise<RoomStats | undefined> {
    let view = await this.current();
    if (!view.byId.has(roomId) && this.now() - view.at >= 100) view = await this.current(true);
    return view.byId.get(roomId);
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  private current(fresh = false): Promise<View> {
    const now = this.now();
    if (!fresh && this.view && now - this.view.at < (this.deps.periodMs ?? 1000)) return Promise.resolve(this.view);
    this.loading ??= (async () => {
      try {
        const [index, activity] = await Promise.all([this.deps.cluster.listRoomIndex(), this.deps.cluster.listActivity()]);
        const rows = roomRows(index, activity, now);
        this.view = { at: now, rows, byId: new Map(rows.map((r) => [r.roomId, r])), sorted: new Map() };
        return this.view;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}

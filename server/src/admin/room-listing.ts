import { MAX_ROOM_LIST_DEPTH, MAX_ROOM_PAGE_SIZE, type RoomId, type RoomStats } from "@avalon/protocol";
import type { RoomGather } from "./room-gather.js";
import { sortRows, withActivity, type ParsedRoomQuery } from "./room-query.js";

type Page = { total: number; rooms: RoomStats[]; pageSize: number };

export interface RoomListingDeps {
  gather: RoomGather;
  /** How long one answer serves the same query again. */
  periodMs?: number;
  clock?: () => number;
}

/** Distinct queries whose answers are kept for a period. */
const QUERIES_KEPT = 100;

/**
 * The admin room list, asked of the nodes: each answers from the rooms it lists itself (sorted,
 * filtered and cut to the depth of the asked page), this node merges the answers, then asks the
 * nodes what they see of the page's rooms only. A request costs nodes × page depth rows, whatever
 * the number of rooms; pages past MAX_ROOM_LIST_DEPTH rows are not served. One answer serves the
 * same query for a period, however many viewers ask.
 */
export class RoomListing {
  private readonly answers = new Map<string, { at: number; page: Promise<Page> }>();

  constructor(private readonly deps: RoomListingDeps) {}

  query(q: ParsedRoomQuery): Promise<Page> {
    const pageSize = Math.min(q.pageSize, MAX_ROOM_PAGE_SIZE);
    const key = JSON.stringify({ ...q, pageSize });
    const now = this.now();
    const kept = this.answers.get(key);
    if (kept && now - kept.at < (this.deps.periodMs ?? 1000)) return kept.page;
    const page = this.read(q, pageSize);
    page.catch(() => this.answers.delete(key));
    this.answers.delete(key);
    this.answers.set(key, { at: now, page });
    if (this.answers.size > QUERIES_KEPT) this.answers.delete(this.answers.keys().next().value as string);
    return page;
  }

  /** One room, from the node that lists it, with every node's activity in it. */
  async room(roomId: RoomId): Promise<RoomStats | undefined> {
    return (await this.withActivity([roomId]))[0];
  }

  private async read(q: ParsedRoomQuery, pageSize: number): Promise<Page> {
    const start = q.page * pageSize;
    const depth = Math.min(start + pageSize, MAX_ROOM_LIST_DEPTH);
    const answers = await this.deps.gather.rows(q, depth);
    const total = answers.reduce((n, a) => n + a.total, 0);
    const ids = sortRows(newest(answers.flatMap((a) => a.rows)), q.sort, q.desc)
      .slice(start, Math.min(start + pageSize, depth))
      .map((r) => r.roomId);
    return { total, rooms: await this.withActivity(ids), pageSize };
  }

  /** The rows of these rooms, in this order, with the activity of every node; rooms nobody lists are left out. */
  private async withActivity(ids: RoomId[]): Promise<RoomStats[]> {
    const reports = await this.deps.gather.activity(ids);
    const activity = Object.fromEntries(reports.map((r) => [r.nodeId, r.activity]));
    const rows = new Map(newest(reports.flatMap((r) => r.rows)).map((r) => [r.roomId, r]));
    return ids.flatMap((id) => {
      const row = rows.get(id);
      return row ? [withActivity(row, activity)] : [];
    });
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }
}

/** One row per room: while two nodes both list a room (a claim changing hands), the newer version. */
function newest(rows: RoomStats[]): RoomStats[] {
  const out = new Map<RoomId, RoomStats>();
  for (const r of rows) {
    const seen = out.get(r.roomId);
    if (!seen || r.version > seen.version) out.set(r.roomId, r);
  }
  return [...out.values()];
}

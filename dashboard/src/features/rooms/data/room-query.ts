import type { Phase, RoomId, RoomQuery, RoomSortKey, RoomStatus } from "@avalon/protocol";
import type { SortState } from "../../../lib/sort";

export interface RoomTableState {
  page: number;
  pageSize: number;
  sort: SortState<RoomSortKey>;
  phase: Phase | "";
  /** Active rooms unless the operator asks for others; "" is every room. */
  status: RoomStatus | "";
  search: string;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;

export const INITIAL_ROOM_TABLE: RoomTableState = {
  page: 0,
  pageSize: 50,
  sort: { key: "ageSec", desc: true },
  phase: "",
  status: "active",
  search: "",
};

/** Room codes are upper-case letters and digits, at most 16 of them. */
export function normaliseRoomSearch(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 16);
}

/** The server query for a table state; empty filters are left out. */
export function toRoomQuery(state: RoomTableState): RoomQuery {
  const search = normaliseRoomSearch(state.search);
  return {
    page: state.page,
    pageSize: state.pageSize,
    sort: state.sort.key,
    desc: state.sort.desc,
    ...(state.phase ? { phase: state.phase } : {}),
    ...(state.status ? { status: state.status } : {}),
    ...(search ? { search } : {}),
  };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** A page beyond the end (rooms closed meanwhile) falls back to the last one. */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(0, page), pageCount(total, pageSize) - 1);
}

/** Text columns read naturally A→Z; numbers show the largest first. */
export function startsDescending(key: RoomSortKey): boolean {
  return key !== "roomId" && key !== "phase";
}

/** A room's own address in the dashboard: `#/rooms/ABCDEF`. */
export function roomHref(roomId: RoomId | null): string {
  return roomId ? `#/rooms/${roomId}` : "#/rooms";
}

/** The room an address names, or null: `#/rooms/ABCDEF` → "ABCDEF". */
export function roomFromHash(hash: string): RoomId | null {
  const m = hash.match(/^#\/rooms\/([A-Za-z0-9]{1,16})$/);
  return m ? (m[1] as string).toUpperCase() : null;
}

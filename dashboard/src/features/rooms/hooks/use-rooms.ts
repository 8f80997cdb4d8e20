import { useMemo } from "react";
import { useAdminQuery } from "../../../lib/use-admin-query";
import { toRoomQuery, type RoomTableState } from "../data/room-query";
import { useDebounced } from "./use-debounced";

export const ROOMS_REFRESH_MS = 2_000;

/** One page of rooms, sorted and filtered by the server, refreshed while the table is shown. */
export function useRooms(state: RoomTableState) {
  const search = useDebounced(state.search, 300);
  const query = useMemo(() => toRoomQuery({ ...state, search }), [state, search]);
  return useAdminQuery("admin:rooms", query, { refreshMs: ROOMS_REFRESH_MS });
}

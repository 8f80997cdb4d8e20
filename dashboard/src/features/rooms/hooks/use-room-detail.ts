import type { RoomId } from "@avalon/protocol";
import { useAdminQuery } from "../../../lib/use-admin-query";
import { ROOMS_REFRESH_MS } from "./use-rooms";

/** The selected room and its public timeline, refreshed with the table. */
export function useRoomDetail(roomId: RoomId | null) {
  const query = useAdminQuery("admin:room", { roomId: roomId ?? "" }, { refreshMs: ROOMS_REFRESH_MS, enabled: roomId !== null });
  const current = query.data && query.data.room.roomId === roomId ? query.data : null;
  return { ...query, data: current };
}

import { useCallback, useEffect, useState } from "react";
import type { RoomId } from "@avalon/protocol";
import { roomFromHash, roomHref } from "../data/room-query";

/** The room named in the address, so a room can be linked to and the back button closes it. */
export function useRoomLink(): [RoomId | null, (roomId: RoomId | null) => void] {
  const [roomId, setRoomId] = useState<RoomId | null>(() => roomFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoomId(roomFromHash(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  const select = useCallback((next: RoomId | null) => {
    window.location.hash = roomHref(next);
  }, []);
  return [roomId, select];
}

import { useEffect, useState } from "react";
import type { ClusterSnapshot } from "@avalon/protocol";
import type { AdminSocket } from "../../../lib/socket";
import { ClusterHistory, HISTORY_CAPACITY } from "../data/cluster-history";

export interface LiveCluster {
  latest: ClusterSnapshot | null;
  /** Oldest first, at most `capacity` snapshots. */
  history: readonly ClusterSnapshot[];
}

const EMPTY: LiveCluster = { latest: null, history: [] };

/**
 * Follows `admin:cluster` for as long as the socket lives. Called once by the session, not by
 * the overview page, so the rolling window survives switching tabs.
 */
export function useLiveCluster(socket: AdminSocket | null, capacity = HISTORY_CAPACITY): LiveCluster {
  const [state, setState] = useState<LiveCluster>(EMPTY);

  useEffect(() => {
    if (!socket) return;
    const history = new ClusterHistory(capacity);
    const onSnapshot = (snapshot: ClusterSnapshot) => {
      if (history.add(snapshot)) setState({ latest: snapshot, history: history.snapshots() });
    };
    socket.on("admin:cluster", onSnapshot);
    return () => {
      socket.off("admin:cluster", onSnapshot);
      setState(EMPTY);
    };
  }, [socket, capacity]);

  return state;
}

import { useCallback, useEffect, useRef, useState } from "react";
import type { ClusterSnapshot, HistoryReply } from "@avalon/protocol";
import { describeAckError } from "../../../lib/ack-words";
import { request, type AdminSocket } from "../../../lib/socket";
import { ClusterHistory, HISTORY_CAPACITY } from "../data/cluster-history";
import type { Received } from "../data/freshness";
import { LostNodes, type LostNode } from "../data/lost-nodes";
import { mergeSamples, sampleOf, samplesFromHistory, type Sample } from "../data/samples";

/** How far back the charts reach after a load: the longest chart window. */
export const HISTORY_WINDOW_MS = 60 * 60_000;

export interface LiveCluster {
  latest: ClusterSnapshot | null;
  /** The latest snapshot with the browser time it arrived, for freshness. */
  received: Received | null;
  /** Oldest first: the nodes' own history, then what arrived live. */
  samples: readonly Sample[];
  lost: readonly LostNode[];
  dismiss(nodeId: string): void;
  /** Why the history could not be loaded, in words. */
  historyError: string | null;
  /** Where the loaded history came from: the nodes' memory or Prometheus. */
  historySource: HistoryReply["source"] | null;
}

interface State {
  received: Received | null;
  samples: readonly Sample[];
  lost: readonly LostNode[];
  historyError: string | null;
  historySource: HistoryReply["source"] | null;
}

const EMPTY: State = { received: null, samples: [], lost: [], historyError: null, historySource: null };

/**
 * Follows `admin:cluster` for as long as the socket lives, and loads the nodes' own recent series
 * after every (re)subscription (`epoch`), so a reload or a reconnect starts with the last hour.
 * Called once by the session, not by the overview page, so it survives switching tabs.
 */
export function useLiveCluster(socket: AdminSocket | null, epoch: number, capacity = HISTORY_CAPACITY): LiveCluster {
  const [state, setState] = useState<State>(EMPTY);
  const history = useRef(new ClusterHistory(capacity));
  const lost = useRef(new LostNodes());

  useEffect(() => {
    if (!socket) return;
    history.current = new ClusterHistory(capacity);
    lost.current = new LostNodes();
    let lastRead = 0;
    const onSnapshot = (snapshot: ClusterSnapshot) => {
      const received = { snapshot, receivedAt: Date.now() };
      const fresh = snapshot.ts > lastRead;
      lastRead = Math.max(lastRead, snapshot.ts);
      if (fresh) {
        lost.current.observe(snapshot.nodes);
        history.current.add(sampleOf(snapshot));
      }
      setState((s) => ({ ...s, received, samples: fresh ? history.current.samples() : s.samples, lost: lost.current.list() }));
    };
    socket.on("admin:cluster", onSnapshot);
    return () => {
      socket.off("admin:cluster", onSnapshot);
      setState(EMPTY);
    };
  }, [socket, capacity]);

  useEffect(() => {
    if (!socket || epoch === 0) return;
    let cancelled = false;
    void request(socket, "admin:history", { windowMs: HISTORY_WINDOW_MS }).then((ack) => {
      if (cancelled) return;
      if (!ack.ok) {
        setState((s) => ({ ...s, historyError: `History could not be loaded. ${describeAckError(ack)}` }));
        return;
      }
      history.current.reset(mergeSamples(samplesFromHistory(ack), history.current.samples()));
      setState((s) => ({ ...s, samples: history.current.samples(), historyError: null, historySource: ack.source }));
    });
    return () => {
      cancelled = true;
    };
  }, [socket, epoch]);

  const dismiss = useCallback((nodeId: string) => {
    lost.current.dismiss(nodeId);
    setState((s) => ({ ...s, lost: lost.current.list() }));
  }, []);

  return {
    latest: state.received?.snapshot ?? null,
    received: state.received,
    samples: state.samples,
    lost: state.lost,
    dismiss,
    historyError: state.historyError,
    historySource: state.historySource,
  };
}

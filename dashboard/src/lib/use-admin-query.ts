import { useCallback, useEffect, useState } from "react";
import { describeAckError } from "./ack-words";
import { useSession } from "./session-context";
import { request, type AdminReply, type AdminRequestName, type AdminRequestPayload } from "./socket";

export interface AdminQueryOptions {
  /** Refetch this often while the page is visible; omitted means fetch once (and on reconnect). */
  refreshMs?: number;
  enabled?: boolean;
}

export interface AdminQuery<E extends AdminRequestName> {
  data: AdminReply<E> | null;
  error: string | null;
  loading: boolean;
  refresh(): void;
}

/**
 * The fetch policy of every read: keep the last good data while refreshing, never overlap two
 * requests, pause while the tab is hidden, refetch after a reconnect, drop answers to old queries.
 */
export function useAdminQuery<E extends AdminRequestName>(
  event: E,
  payload: AdminRequestPayload<E>,
  options: AdminQueryOptions = {},
): AdminQuery<E> {
  const { socket, epoch, connection } = useSession();
  const { refreshMs, enabled = true } = options;
  const [data, setData] = useState<AdminReply<E> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [manual, setManual] = useState(0);
  // Callers build payloads inline; the serialised form is what decides whether it changed.
  const key = JSON.stringify(payload);

  useEffect(() => {
    if (!enabled) return;
    if (connection !== "live") {
      // Said, not left spinning: the page shows what it had, with why it cannot refresh.
      setLoading(false);
      setError("Not connected to the server: this page cannot load its data until the connection is back.");
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const run = async () => {
      if (cancelled) return;
      if (refreshMs !== undefined && document.visibilityState === "hidden") {
        schedule();
        return;
      }
      setLoading(true);
      const ack = await request(socket, event, JSON.parse(key) as AdminRequestPayload<E>);
      if (cancelled) return;
      setLoading(false);
      if (ack.ok) {
        setData(ack as AdminReply<E>);
        setError(null);
      } else {
        setError(describeAckError(ack));
      }
      schedule();
    };
    const schedule = () => {
      if (refreshMs !== undefined && !cancelled) timer = setTimeout(() => void run(), refreshMs);
    };
    const onVisible = () => {
      if (document.visibilityState !== "visible" || refreshMs === undefined) return;
      clearTimeout(timer);
      void run();
    };

    void run();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [socket, event, key, refreshMs, enabled, epoch, connection, manual]);

  const refresh = useCallback(() => setManual((n) => n + 1), []);
  return { data, error, loading, refresh };
}

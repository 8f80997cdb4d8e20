import type { ConnectionState } from "../../../lib/session-context";
import { agoWords, type Freshness } from "../../overview/data/freshness";

export interface ConnectionIndicatorProps {
  state: ConnectionState;
  notice: string | null;
  /** How fresh the cluster view is; null before the first snapshot. */
  freshness: Freshness | null;
  ageMs: number | null;
}

const WORDS: Record<Freshness, string> = { live: "live", late: "late", stale: "stale" };

/**
 * One badge for "can I trust these figures": green while snapshots arrive on time, amber when one
 * is overdue, red when they have stopped or the connection is down.
 */
export function ConnectionIndicator({ state, notice, freshness, ageMs }: ConnectionIndicatorProps) {
  const level = state !== "live" ? "stale" : (freshness ?? "late");
  const label = state !== "live" ? state : freshness ? WORDS[freshness] : "waiting";
  return (
    <span className={`connection connection-${level}`} title={notice ?? "How fresh the figures on screen are"} data-testid="freshness-badge" data-level={level}>
      <span className="connection-dot" aria-hidden="true" />
      <span data-testid="connection-state">{label}</span>
      {ageMs !== null && (
        <span className="muted small" data-testid="last-update">
          {" "}
          · updated {agoWords(ageMs)}
        </span>
      )}
    </span>
  );
}

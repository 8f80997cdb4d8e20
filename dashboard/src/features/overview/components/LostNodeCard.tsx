import { formatClock, formatNumber } from "../../../lib/format";
import { Badge } from "../../../ui/Badge";
import { agoWords } from "../data/freshness";
import type { LostNode } from "../data/lost-nodes";

/** A node that stopped reporting: red, with when it was last heard from, until dismissed. */
export function LostNodeCard({ lost, now, onDismiss }: { lost: LostNode; now: number; onDismiss(): void }) {
  return (
    <article className="panel node-card lost" data-testid={`lost-node-${lost.nodeId}`}>
      <header className="node-card-header">
        <h3 title={lost.nodeId}>{lost.nodeId}</h3>
        <Badge tone="error">lost</Badge>
      </header>
      <p className="small">
        Last seen <strong data-testid="lost-last-seen">{formatClock(lost.lastSeen)}</strong> ({agoWords(now - lost.lastSeen)}). Its heartbeat expired:
        the process stopped, or it cannot reach Redis.
      </p>
      <p className="muted small">
        Then: {formatNumber(lost.last.connections)} connections, {formatNumber(lost.last.rooms)} rooms, {lost.last.address}.
      </p>
      <button type="button" onClick={onDismiss} data-testid={`dismiss-${lost.nodeId}`}>
        Dismiss
      </button>
    </article>
  );
}

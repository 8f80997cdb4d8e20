import type { ReactNode } from "react";
import { formatNumber } from "../../../lib/format";
import { ACK_P99_TARGET_MS, EVENT_LOOP_TARGET_MS, type Headline } from "../data/headline";

function Tile({ label, testId, alert, children }: { label: string; testId: string; alert?: boolean; children: ReactNode }) {
  return (
    <div className={`total${alert ? " total-alert" : ""}`} data-testid={testId}>
      <span className="total-label">{label}</span>
      <span className="total-value">{children}</span>
    </div>
  );
}

/** Is it healthy, how big, how fast, what is failing, and where. */
export function HeadlineRow({ h, nodes }: { h: Headline | null; nodes: number | null }) {
  const dash = "–";
  return (
    <section className="totals" aria-label="Cluster at a glance" data-testid="headline">
      <Tile label="Players / connections" testId="headline-players">
        {h ? (
          <>
            <span data-testid="cluster-players">{formatNumber(h.players)}</span> / <span data-testid="cluster-connections">{h.connections}</span>
          </>
        ) : (
          dash
        )}
      </Tile>
      <Tile label="Live nodes" testId="headline-nodes">
        <span data-testid="cluster-nodes">{nodes ?? dash}</span>
      </Tile>
      <Tile label="Rooms by phase" testId="headline-rooms">
        {h ? formatNumber(h.rooms) : dash}
        {h && h.roomsByPhase.length > 0 && (
          <span className="total-detail">{h.roomsByPhase.map(([p, n]) => `${p.replace("_", " ")} ${n}`).join(" · ")}</span>
        )}
      </Tile>
      <Tile label={`Worst ack p99 (target ${ACK_P99_TARGET_MS} ms)`} testId="headline-ack" alert={!!h?.worstAck && h.worstAck.p99Ms > ACK_P99_TARGET_MS}>
        {h?.worstAck ? `${formatNumber(h.worstAck.p99Ms)} ms` : dash}
        {h?.worstAck && <span className="total-detail">on {h.worstAck.nodeId}</span>}
      </Tile>
      <Tile label="Worst event-loop lag p99" testId="headline-loop" alert={!!h?.worstLoop && h.worstLoop.p99Ms > EVENT_LOOP_TARGET_MS}>
        {h?.worstLoop ? `${formatNumber(h.worstLoop.p99Ms)} ms` : dash}
        {h?.worstLoop && <span className="total-detail">on {h.worstLoop.nodeId}</span>}
      </Tile>
      <Tile label="Errors and refusals" testId="headline-refusals" alert={!!h && h.refusalsTotal > 1}>
        {h ? `${formatNumber(h.refusalsTotal)} /s` : dash}
        {h && <span className="total-detail">{h.refusals.length ? h.refusals.slice(0, 3).map(([c, r]) => `${c} ${formatNumber(r)}/s`).join(" · ") : "none"}</span>}
      </Tile>
    </section>
  );
}

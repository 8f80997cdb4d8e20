import { useMemo } from "react";
import { useSession } from "../../../lib/session-context";
import { useNow } from "../../../lib/use-now";
import { Notice } from "../../../ui/Notice";
import { useLiveAudit } from "../../audit/hooks/use-live-audit";
import { auditMarkers, nodeMarkers } from "../data/chart-markers";
import { NODE_LATE_PERIODS, NODE_STALE_PERIODS, freshness, nodeAgeMs } from "../data/freshness";
import { headline } from "../data/headline";
import type { LiveCluster } from "../hooks/use-live-cluster";
import { ClusterCharts } from "./ClusterCharts";
import { HeadlineRow } from "./HeadlineRow";
import { LimitsSummary } from "./LimitsSummary";
import { LostNodeCard } from "./LostNodeCard";
import { NodeCard } from "./NodeCard";

export function OverviewPage({ cluster }: { cluster: LiveCluster }) {
  const { hello, connection } = useSession();
  const now = useNow();
  const audit = useLiveAudit();
  const { latest, received, samples, lost } = cluster;
  const h = useMemo(() => (latest ? headline(latest.nodes) : null), [latest]);
  const markers = useMemo(() => [...auditMarkers(audit.entries), ...nodeMarkers(samples)].sort((a, b) => a.ts - b.ts), [audit.entries, samples]);
  const periodMs = latest?.periodMs ?? 1000;

  return (
    <div className={`page${connection !== "live" ? " page-stale" : ""}`} data-testid="overview">
      <HeadlineRow h={h} nodes={latest ? latest.nodes.length : null} />

      <section aria-label="Nodes">
        <h2>Nodes</h2>
        {!latest ? (
          connection === "live" ? <Notice>Waiting for the first cluster snapshot…</Notice> : <Notice tone="error">Not connected to the server: no cluster figures yet.</Notice>
        ) : latest.nodes.length === 0 && lost.length === 0 ? (
          <Notice>No live nodes reported.</Notice>
        ) : (
          <div className="node-grid">
            {latest.nodes.map((node) => {
              const age = received ? nodeAgeMs(node, received, now) : 0;
              return (
                <NodeCard
                  key={node.nodeId}
                  node={node}
                  connectedTo={node.nodeId === hello?.nodeId}
                  hot={node.nodeId === h?.hotNodeId}
                  ageMs={age}
                  freshness={connection !== "live" ? "stale" : freshness(age, periodMs, NODE_LATE_PERIODS, NODE_STALE_PERIODS)}
                />
              );
            })}
            {lost.map((l) => (
              <LostNodeCard key={l.nodeId} lost={l} now={now} onDismiss={() => cluster.dismiss(l.nodeId)} />
            ))}
          </div>
        )}
        {latest && <LimitsSummary nodes={latest.nodes} />}
      </section>

      {cluster.historyError && <Notice tone="error">{cluster.historyError}</Notice>}
      <ClusterCharts samples={samples} markers={markers} now={now} periodMs={periodMs} source={cluster.historySource} />
    </div>
  );
}

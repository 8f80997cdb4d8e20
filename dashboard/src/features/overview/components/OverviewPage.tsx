import { formatNumber } from "../../../lib/format";
import { useSession } from "../../../lib/session-context";
import { Notice } from "../../../ui/Notice";
import type { LiveCluster } from "../hooks/use-live-cluster";
import { ClusterCharts } from "./ClusterCharts";
import { NodeCard } from "./NodeCard";

export function OverviewPage({ cluster }: { cluster: LiveCluster }) {
  const { hello } = useSession();
  const latest = cluster.latest;
  const totals = latest?.totals;

  return (
    <div className="page" data-testid="overview">
      <section className="totals" aria-label="Cluster totals">
        <div className="total">
          <span className="total-label">Connections</span>
          <span className="total-value" data-testid="cluster-connections">
            {totals ? totals.connections : "–"}
          </span>
        </div>
        <div className="total">
          <span className="total-label">Live nodes</span>
          <span className="total-value" data-testid="cluster-nodes">
            {totals ? totals.nodes : "–"}
          </span>
        </div>
        <div className="total">
          <span className="total-label">Rooms</span>
          <span className="total-value">{totals ? formatNumber(totals.rooms) : "–"}</span>
        </div>
        <div className="total">
          <span className="total-label">Messages in / out</span>
          <span className="total-value">
            {totals ? `${formatNumber(totals.msgsInPerSec)} / ${formatNumber(totals.msgsOutPerSec)}` : "–"}
            <span className="unit"> msg/s</span>
          </span>
        </div>
        <div className="total">
          <span className="total-label">Rejected connections</span>
          <span className="total-value">
            {totals ? formatNumber(totals.rejectedConnectionsPerSec) : "–"}
            <span className="unit"> /s</span>
          </span>
        </div>
      </section>

      <section aria-label="Nodes">
        <h2>Nodes</h2>
        {!latest ? (
          <Notice>Waiting for the first cluster snapshot…</Notice>
        ) : latest.nodes.length === 0 ? (
          <Notice>No live nodes reported.</Notice>
        ) : (
          <div className="node-grid">
            {latest.nodes.map((node) => (
              <NodeCard key={node.nodeId} node={node} connectedTo={node.nodeId === hello?.nodeId} />
            ))}
          </div>
        )}
      </section>

      <ClusterCharts history={cluster.history} />
    </div>
  );
}

import { useSession } from "../../../lib/session-context";

const PANELS = [
  { id: 1, title: "Connections" },
  { id: 2, title: "Messages in / out per second" },
  { id: 3, title: "Ack latency p50 / p95 / p99" },
  { id: 4, title: "Event-loop lag p99" },
  { id: 5, title: "Memory (RSS and heap)" },
  { id: 6, title: "Rejected connections per second" },
];

export function GrafanaPage() {
  const { hello } = useSession();
  const base = hello?.grafanaUrl?.replace(/\/$/, "");
  if (!base) {
    return (
      <div className="page" data-testid="grafana">
        <h2>Grafana</h2>
        <p className="notice">
          Grafana is not configured. Start the full stack with <code>docker compose up</code> (see docs/OPERATIONS.md) and set
          <code> GRAFANA_URL</code> on the nodes.
        </p>
      </div>
    );
  }
  return (
    <div className="page" data-testid="grafana">
      <h2>Grafana</h2>
      <div className="chart-grid">
        {PANELS.map((p) => (
          <iframe
            key={p.id}
            title={p.title}
            className="grafana-panel"
            src={`${base}/d-solo/avalon-overview/avalon-cluster-overview?orgId=1&panelId=${p.id}&theme=light&refresh=10s`}
          />
        ))}
      </div>
    </div>
  );
}

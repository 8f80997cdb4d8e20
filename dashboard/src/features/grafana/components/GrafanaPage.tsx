import { useSession } from "../../../lib/session-context";
import { GRAFANA_PANELS, grafanaPanelUrl } from "../data/panel-urls";

export function GrafanaPage() {
  const { hello } = useSession();
  const base = hello?.grafanaUrl;
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
        {GRAFANA_PANELS.map((p) => (
          <iframe key={p.id} title={p.title} className="grafana-panel" src={grafanaPanelUrl(base, p.id)} />
        ))}
      </div>
    </div>
  );
}

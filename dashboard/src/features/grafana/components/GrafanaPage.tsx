import { useSession } from "../../../lib/session-context";
import { Notice } from "../../../ui/Notice";
import { GRAFANA_DASHBOARD, GRAFANA_PANELS, grafanaPanelUrl } from "../data/panel-urls";
import { useGrafanaReach } from "../hooks/use-grafana-reach";

export function GrafanaPage() {
  const { hello } = useSession();
  const base = hello?.grafanaUrl;
  const { reach, retry } = useGrafanaReach(base);
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
  const direct = `${base.replace(/\/+$/, "")}/d/${GRAFANA_DASHBOARD.uid}/${GRAFANA_DASHBOARD.slug}`;
  return (
    <div className="page" data-testid="grafana">
      <div className="toolbar">
        <h2>Grafana</h2>
        <a href={direct} target="_blank" rel="noreferrer" data-testid="grafana-link">
          Open the dashboard in Grafana
        </a>
      </div>
      {reach === "checking" && <Notice>Checking that Grafana answers at {base}…</Notice>}
      {reach === "unreachable" && (
        <div data-testid="grafana-unreachable">
          <Notice tone="error">
            Grafana at {base} cannot be reached from this browser, so its panels cannot load. Check that Grafana runs and that GRAFANA_URL is an
            address this browser can open; the link above goes straight to it.
          </Notice>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {reach === "reachable" && (
        <div className="chart-grid">
          {GRAFANA_PANELS.map((p) => (
            <iframe key={p.id} title={p.title} className="grafana-panel" src={grafanaPanelUrl(base, p.id)} />
          ))}
        </div>
      )}
    </div>
  );
}

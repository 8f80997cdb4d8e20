/** The bundled Grafana dashboard (grafana/ in this repository) and its panels, in display order. */
export const GRAFANA_DASHBOARD = { uid: "avalon-overview", slug: "avalon-cluster-overview" } as const;
export const GRAFANA_PANEL_IDS = [1, 2, 3, 4, 5, 6] as const;

/** A single-panel embed URL; a trailing slash on the base URL is tolerated. */
export function grafanaPanelUrl(baseUrl: string, panelId: number): string {
  const base = baseUrl.replace(/\/+$/, "");
  return `${base}/d-solo/${GRAFANA_DASHBOARD.uid}/${GRAFANA_DASHBOARD.slug}?orgId=1&panelId=${panelId}&theme=light&refresh=10s`;
}

/** The bundled Grafana dashboard (grafana/ in this repository) and its panels, in display order. */
export const GRAFANA_DASHBOARD = { uid: "avalon-overview", slug: "avalon-cluster-overview" } as const;
export const GRAFANA_PANELS = [
  { id: 1, title: "Connections" },
  { id: 2, title: "Messages in / out per second" },
  { id: 3, title: "Ack latency p50 / p95 / p99" },
  { id: 4, title: "Event-loop lag p99" },
  { id: 5, title: "Memory (RSS and heap)" },
  { id: 6, title: "Rejected connections per second" },
] as const;

/** A single-panel embed URL; a trailing slash on the base URL is tolerated. */
export function grafanaPanelUrl(baseUrl: string, panelId: number): string {
  const base = baseUrl.replace(/\/+$/, "");
  return `${base}/d-solo/${GRAFANA_DASHBOARD.uid}/${GRAFANA_DASHBOARD.slug}?orgId=1&panelId=${panelId}&theme=light&refresh=10s`;
}

import { describe, expect, it } from "vitest";
import bundledOverview from "../../../../../grafana/dashboards/avalon-overview.json";
import { GRAFANA_DASHBOARD, GRAFANA_PANELS, grafanaPanelUrl } from "./panel-urls";

interface BundledPanel {
  id: number;
  title: string;
  type: string;
}

describe("grafanaPanelUrl", () => {
  it("builds the solo-panel URL of the bundled dashboard", () => {
    expect(grafanaPanelUrl("http://localhost:3001", 4)).toBe(
      "http://localhost:3001/d-solo/avalon-overview/avalon-cluster-overview?orgId=1&panelId=4&theme=light&refresh=10s",
    );
  });

  it("tolerates a trailing slash on the base URL", () => {
    expect(grafanaPanelUrl("http://grafana/", 1)).toMatch(/^http:\/\/grafana\/d-solo\//);
  });
});

describe("the bundled Grafana overview", () => {
  const overview: { uid: string; title: string; panels: BundledPanel[] } = bundledOverview;

  it("has the uid and the title whose slug the embeds use", () => {
    expect(overview.uid).toBe(GRAFANA_DASHBOARD.uid);
    expect(overview.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")).toBe(GRAFANA_DASHBOARD.slug);
  });

  it("has every embedded panel as a time series with the title the page shows", () => {
    for (const { id, title } of GRAFANA_PANELS) {
      const panel = overview.panels.find((p) => p.id === id);
      expect(panel?.title, `panel ${id}`).toBe(title);
      expect(panel?.type, `panel ${id}`).toBe("timeseries");
    }
    expect(overview.panels.length).toBeGreaterThan(GRAFANA_PANELS.length);
  });
});

import { describe, expect, it } from "vitest";
import { grafanaPanelUrl } from "./panel-urls";

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

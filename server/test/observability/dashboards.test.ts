import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { asList, asMap, parseYaml, REPO } from "@avalon/testkit";
import { allPanels, BUILTIN_VALUES, leftoverVariables, loadDashboards, substitute, variableQuery, type Panel } from "./grafana-dashboards.js";

const dashboards = loadDashboards();
const CURRENT_TYPES = new Set(["timeseries", "stat", "table", "gauge", "bargauge", "row"]);

const overlaps = (a: Panel["gridPos"], b: Panel["gridPos"]) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("Grafana dashboards", () => {
  it("exist for the overview, one node, game flow, Redis and load tests, with distinct uids", () => {
    expect(dashboards.map((d) => d.dashboard.uid).sort()).toEqual(["avalon-game", "avalon-loadtest", "avalon-node", "avalon-overview", "avalon-redis"]);
  });

  for (const { file, dashboard } of dashboards) {
    describe(file, () => {
      const panels = allPanels(dashboard);

      it("uses schemaVersion 39 or later and only current panel types", () => {
        expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
        for (const p of panels) expect(CURRENT_TYPES.has(p.type), `${p.title}: ${p.type}`).toBe(true);
      });

      it("gives every panel a unique id and a place on the 24-column grid without overlaps", () => {
        const ids = panels.map((p) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const p of panels) {
          expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
          expect(p.gridPos.h, p.title).toBeGreaterThan(0);
        }
        const top = dashboard.panels;
        for (let i = 0; i < top.length; i++) {
          for (let j = i + 1; j < top.length; j++) {
            expect(overlaps((top[i] as Panel).gridPos, (top[j] as Panel).gridPos), `${top[i]?.title} / ${top[j]?.title}`).toBe(false);
          }
        }
      });

      it("refers to the Prometheus datasource by uid in every panel and target", () => {
        for (const p of panels.filter((x) => x.type !== "row")) {
          expect(p.datasource, p.title).toEqual({ type: "prometheus", uid: "prometheus" });
          expect(p.targets?.length, p.title).toBeGreaterThan(0);
          for (const t of p.targets ?? []) expect(t.datasource, `${p.title} ${t.refId}`).toEqual({ type: "prometheus", uid: "prometheus" });
        }
        for (const v of dashboard.templating?.list ?? []) expect(v.datasource, v.name).toEqual({ type: "prometheus", uid: "prometheus" });
      });

      it("gives every panel a unit, a description and every series a legend", () => {
        for (const p of panels.filter((x) => x.type !== "row")) {
          expect(p.fieldConfig?.defaults?.unit, p.title).toMatch(/^(s|ms|bytes|Bps|reqps|ops|short|percentunit|suffix:.+)$/);
          expect(p.description, p.title).toMatch(/\S/);
          const refIds = (p.targets ?? []).map((t) => t.refId);
          expect(new Set(refIds).size, p.title).toBe(refIds.length);
          if (p.type === "timeseries" || p.type === "bargauge") {
            for (const t of p.targets ?? []) expect(t.legendFormat, `${p.title} ${t.refId}`).toMatch(/\S/);
          }
        }
      });

      it("uses only its own variables and Grafana's built-in ones", () => {
        const own = Object.fromEntries((dashboard.templating?.list ?? []).map((v) => [v.name, "x"]));
        for (const p of panels) {
          for (const t of p.targets ?? []) {
            expect(t.expr, `${p.title} ${t.refId}`).toMatch(/\S/);
            expect(leftoverVariables(substitute(t.expr ?? "", { ...own, ...BUILTIN_VALUES })), `${p.title} ${t.refId}`).toEqual([]);
          }
        }
        for (const v of dashboard.templating?.list ?? []) expect(variableQuery(v), v.name).toMatch(/^label_values\(/);
      });
    });
  }

  it("per-node detail selects its node with a `node` variable listing every scraped node", () => {
    const node = dashboards.find((d) => d.dashboard.uid === "avalon-node")?.dashboard;
    const v = node?.templating?.list.find((x) => x.name === "node");
    expect(v && variableQuery(v)).toMatch(/^label_values\(\w+\{job="avalon"\}, node\)$/);
    for (const p of allPanels(node as NonNullable<typeof node>)) {
      for (const t of p.targets ?? []) expect(t.expr, p.title).toContain('node="$node"');
    }
  });

  it("are provisioned from grafana/dashboards with the datasource uid they use", () => {
    const ds = asList(asMap(parseYaml(readFileSync(path.join(REPO, "grafana/provisioning/datasources/prometheus.yml"), "utf8")), "datasources file").datasources, "datasources");
    expect(ds).toHaveLength(1);
    expect(asMap(ds[0], "datasource")).toMatchObject({ uid: "prometheus", type: "prometheus", url: "http://prometheus:9090" });
    const providers = asList(asMap(parseYaml(readFileSync(path.join(REPO, "grafana/provisioning/dashboards/dashboards.yml"), "utf8")), "dashboards file").providers, "providers");
    expect(providers).toHaveLength(1);
    expect(asMap(providers[0], "provider")).toMatchObject({ type: "file", options: { path: "/var/lib/grafana/dashboards" } });
  });
});

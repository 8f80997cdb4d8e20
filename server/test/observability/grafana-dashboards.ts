import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "@avalon/testkit";

export const DASHBOARD_DIR = path.join(REPO, "grafana/dashboards");

export interface Datasource {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  expr?: string;
  legendFormat?: string;
  datasource?: Datasource;
  instant?: boolean;
  format?: string;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: Datasource;
  gridPos: { h: number; w: number; x: number; y: number };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Target[];
  panels?: Panel[];
  collapsed?: boolean;
}

export interface Variable {
  name: string;
  type: string;
  definition?: string;
  query?: string | { query?: string };
  datasource?: Datasource;
  includeAll?: boolean;
  allValue?: string;
  multi?: boolean;
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating?: { list: Variable[] };
  annotations?: { list: { name: string; expr?: string; datasource?: Datasource; builtIn?: number }[] };
}

export interface LoadedDashboard {
  file: string;
  dashboard: Dashboard;
}

export function loadDashboards(): LoadedDashboard[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(DASHBOARD_DIR, file), "utf8")) as Dashboard }));
}

/** Every panel, including those inside collapsed rows. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export function variableQuery(v: Variable): string {
  return typeof v.query === "string" ? v.query : (v.query?.query ?? v.definition ?? "");
}

/** `label_values(selector, label)` into its parts; null for other variable queries. */
export function parseLabelValues(query: string): { selector: string; label: string } | null {
  const m = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(query.trim());
  return m ? { selector: m[1] as string, label: m[2] as string } : null;
}

/**
 * Grafana's built-in variables, as Grafana would set them for a short time range on a
 * Prometheus datasource scraped every few seconds (the test's whole history fits in them).
 */
export const BUILTIN_VALUES: Record<string, string> = {
  __rate_interval: "1m",
  __interval: "15s",
  __interval_ms: "15000",
  __range: "5m",
  __range_s: "300",
  __range_ms: "300000",
};

/** Replaces `$name`, `${name}`, `${name:format}` and `[[name]]` with concrete values; unknown names are left as they are. */
export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c) as string;
    return values[name] ?? whole;
  });
}

/** Names of variables still present after substitution (a panel referring to a variable that does not exist). */
export function leftoverVariables(expr: string): string[] {
  return [...expr.matchAll(/\$\{?(\w+)|\[\[(\w+)\]\]/g)].map((m) => (m[1] ?? m[2]) as string);
}

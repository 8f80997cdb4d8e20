import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import type { Config } from "../config.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The built dashboard: DASHBOARD_DIR, else the workspace's own build when it exists. */
export function dashboardDir(config: Pick<Config, "dashboardDir">): string | null {
  const dir = config.dashboardDir ?? path.resolve(here, "../../../dashboard/dist");
  return existsSync(path.join(dir, "index.html")) ? dir : null;
}

/** Load-test results: LOADTEST_RESULTS_DIR, else the repository's loadtest/results when it exists. */
export function loadtestResultsDir(config: Pick<Config, "loadtestResultsDir">): string | null {
  const dir = config.loadtestResultsDir ?? path.resolve(here, "../../../loadtest/results");
  return existsSync(dir) ? dir : null;
}

export function mountStatic(app: Express, config: Pick<Config, "dashboardDir">): void {
  const dir = dashboardDir(config);
  if (!dir) {
    app.get("/dashboard", (_req, res) => {
      res.status(404).type("text").send("The dashboard is not built: run `npm run build` at the repository root.");
    });
    return;
  }
  app.use("/dashboard", express.static(dir, { index: "index.html", maxAge: "1h" }));
  app.get(/^\/dashboard(\/.*)?$/, (_req, res) => res.sendFile(path.join(dir, "index.html")));
  app.get("/", (_req, res) => res.redirect("/dashboard/"));
}

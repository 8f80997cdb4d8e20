import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerResponse } from "node:http";
import type { Express } from "express";
import expressStaticGzip from "express-static-gzip";
import type { Config } from "../config.js";
import { securityHeaders } from "./security-headers.js";

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

const YEAR_S = 365 * 24 * 3600;

/**
 * Hashed assets never change under their name, so they are cached for a year; index.html names
 * the assets of the current release, so it is revalidated on every load (a cached one could point
 * at files a deploy removed).
 */
function cacheHeaders(res: ServerResponse, file: string): void {
  if (/[\\/]assets[\\/]/.test(file)) res.setHeader("Cache-Control", `public, max-age=${YEAR_S}, immutable`);
  else res.setHeader("Cache-Control", "no-cache");
}

export function mountStatic(app: Express, config: Pick<Config, "dashboardDir" | "grafanaUrl">): void {
  const dir = dashboardDir(config);
  app.use("/dashboard", securityHeaders(config.grafanaUrl));
  if (!dir) {
    app.get("/dashboard", (_req, res) => {
      res.status(404).type("text").send("The dashboard is not built: run `npm run build` at the repository root.");
    });
    return;
  }
  // The build writes .br and .gz beside each file; the best one the browser accepts is sent.
  app.use(
    "/dashboard",
    expressStaticGzip(dir, {
      enableBrotli: true,
      orderPreference: ["br", "gzip"],
      index: "index.html",
      serveStatic: { index: "index.html", cacheControl: false, setHeaders: cacheHeaders },
    }),
  );
  app.get(/^\/dashboard(\/.*)?$/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(path.join(dir, "index.html"));
  });
  app.get("/", (_req, res) => res.redirect("/dashboard/"));
}

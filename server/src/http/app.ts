import express, { type Express, type RequestHandler } from "express";

export interface HttpDeps {
  ready: () => boolean;
  /** Extra routes (metrics, dashboard, load-test results) mounted by the node. */
  routes?: (app: Express) => void;
}

/** The HTTP shell: liveness, readiness, and whatever the node mounts. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/readyz", ((_req, res) => {
    const ready = deps.ready();
    res.status(ready ? 200 : 503).json({ ready });
  }) as RequestHandler);
  deps.routes?.(app);
  return app;
}

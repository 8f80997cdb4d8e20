import helmet from "helmet";
import type { RequestHandler } from "express";

/** The origin of a configured URL, for CSP source lists; null when there is none or it does not parse. */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Security headers of the dashboard and its files: a CSP that allows only this origin (and the
 * configured Grafana, which the dashboard embeds and probes), no framing by other sites, no
 * MIME sniffing, no referrer.
 */
export function securityHeaders(grafanaUrl: string | null): RequestHandler {
  const grafana = originOf(grafanaUrl);
  const extra = grafana ? [grafana] : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and the chart library set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...extra],
        frameSrc: extra.length ? extra : ["'none'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    // TLS, when used, ends at the balancer; the node itself speaks plain HTTP.
    strictTransportSecurity: false,
  });
}

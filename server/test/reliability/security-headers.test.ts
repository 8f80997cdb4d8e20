import { afterAll, describe, expect, it } from "vitest";
import { startNode, stopAll } from "@avalon/testkit";

/*
 * The dashboard and its files carry security headers: a CSP that lets only this origin and the
 * configured Grafana in, no framing by other sites, no MIME sniffing, no referrer.
 */

afterAll(() => stopAll());

const GRAFANA = "http://grafana.example:3001";

function directives(csp: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe("security headers of the dashboard", () => {
  it("sends CSP with frame-ancestors and the Grafana origin, nosniff and Referrer-Policy on the page and its assets", async () => {
    const { url } = await startNode({ GRAFANA_URL: `${GRAFANA}/d/abc` });
    const page = await fetch(`${url}/dashboard/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = html.match(/\/dashboard\/assets\/[^"]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const file = await fetch(`${url}${asset}`);
    for (const res of [page, file]) {
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("default-src")).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'self'"]);
      expect(csp.get("frame-src")).toContain(GRAFANA);
      expect(csp.get("connect-src")).toContain(GRAFANA);
      expect(csp.get("script-src")).toEqual(["'self'"]);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("allows no frames at all when no Grafana is configured", async () => {
    const { url } = await startNode();
    const csp = directives((await fetch(`${url}/dashboard/`)).headers.get("content-security-policy"));
    expect(csp.get("frame-src")).toEqual(["'none'"]);
  });
});

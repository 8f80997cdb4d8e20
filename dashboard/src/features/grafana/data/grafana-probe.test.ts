import { describe, expect, it } from "vitest";
import { probeGrafana } from "./grafana-probe";

describe("probeGrafana", () => {
  it("calls Grafana's health endpoint and reports an answer as reachable", async () => {
    const urls: string[] = [];
    const fetcher = (async (url: string) => {
      urls.push(url);
      return new Response(null);
    }) as unknown as typeof fetch;
    expect(await probeGrafana("http://grafana:3000/", fetcher)).toBe("reachable");
    expect(urls).toEqual(["http://grafana:3000/api/health"]);
  });

  it("reports a network error as unreachable", async () => {
    const fetcher = (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    expect(await probeGrafana("http://grafana:3000", fetcher)).toBe("unreachable");
  });

  it("gives up after the timeout", async () => {
    const fetcher = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))))) as unknown as typeof fetch;
    expect(await probeGrafana("http://grafana:3000", fetcher, 20)).toBe("unreachable");
  });
});

/** Whether the browser can reach Grafana: it is the browser, not the node, that loads the panels. */
export type GrafanaReach = "checking" | "reachable" | "unreachable";

export const PROBE_TIMEOUT_MS = 5_000;

/**
 * Asks Grafana's health endpoint without CORS (an opaque answer still proves a server answered);
 * a network error or no answer in time means the panels cannot load either.
 */
export async function probeGrafana(baseUrl: string, fetcher: typeof fetch = fetch, timeoutMs = PROBE_TIMEOUT_MS): Promise<Exclude<GrafanaReach, "checking">> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await fetcher(`${baseUrl.replace(/\/+$/, "")}/api/health`, { mode: "no-cors", cache: "no-store", signal: controller.signal });
    return "reachable";
  } catch {
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}

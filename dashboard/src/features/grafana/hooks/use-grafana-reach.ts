import { useEffect, useState } from "react";
import { probeGrafana, type GrafanaReach } from "../data/grafana-probe";

/** Probes Grafana when the page opens and again on "Try again". */
export function useGrafanaReach(baseUrl: string | null | undefined): { reach: GrafanaReach; retry(): void } {
  const [reach, setReach] = useState<GrafanaReach>("checking");
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!baseUrl) return;
    let cancelled = false;
    setReach("checking");
    void probeGrafana(baseUrl).then((r) => {
      if (!cancelled) setReach(r);
    });
    return () => {
      cancelled = true;
    };
  }, [baseUrl, attempt]);
  return { reach, retry: () => setAttempt((n) => n + 1) };
}

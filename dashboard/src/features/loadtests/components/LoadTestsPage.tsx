import { useMemo, useState } from "react";
import { Notice } from "../../../ui/Notice";
import { commonScale, toggleCompare } from "../data/run-charts";
import { useLoadTests } from "../hooks/use-loadtests";
import { RunCard } from "./RunCard";
import { RunDetail } from "./RunDetail";
import { RunSummary } from "./RunSummary";

export function LoadTestsPage() {
  const { data, error, loading, refresh } = useLoadTests();
  const [compare, setCompare] = useState<string[]>([]);
  const runs = useMemo(() => data?.runs ?? [], [data]);
  const compared = useMemo(() => compare.flatMap((id) => runs.filter((r) => r.id === id)), [compare, runs]);
  const scale = useMemo(() => commonScale(compared), [compared]);

  return (
    <div className="page" data-testid="loadtests">
      <div className="toolbar">
        <h2>Load tests</h2>
        <span className="muted small">Tick two runs to compare them side by side.</span>
        <button type="button" onClick={refresh} disabled={loading}>
          {loading ? "Loading…" : "Refresh"}
        </button>
      </div>
      {error && <Notice tone="error">{error}</Notice>}

      {compared.length === 2 && (
        <section className="compare" aria-label="Comparison, on one scale" data-testid="loadtest-compare">
          {compared.map((run) => (
            <div key={run.id} className="panel compare-column">
              <RunSummary run={run} />
              <RunDetail run={run} scale={scale} />
            </div>
          ))}
        </section>
      )}

      {data && runs.length === 0 && (
        <Notice>No load-test results yet. Runs appear here once their JSON summaries are in the nodes' LOADTEST_RESULTS_DIR.</Notice>
      )}
      <div className="run-list">
        {runs.map((run) => (
          <RunCard key={run.id} run={run} comparing={compare.includes(run.id)} onToggleCompare={() => setCompare((c) => toggleCompare(c, run.id))} />
        ))}
      </div>
    </div>
  );
}

import { useState } from "react";
import type { LoadTestRunSummary } from "@avalon/protocol";
import { RunDetail } from "./RunDetail";
import { RunSummary } from "./RunSummary";

export interface RunCardProps {
  run: LoadTestRunSummary;
  comparing: boolean;
  onToggleCompare(): void;
}

export function RunCard({ run, comparing, onToggleCompare }: RunCardProps) {
  // Charts render on demand: fifty runs of charts at once would make the page crawl.
  const [open, setOpen] = useState(false);
  return (
    <article className={`panel run-card${comparing ? " comparing" : ""}`} data-testid={`loadtest-run-${run.id}`}>
      <div className="run-card-header">
        <RunSummary run={run} />
        <div className="run-card-actions">
          <label className="checkbox">
            <input type="checkbox" checked={comparing} onChange={onToggleCompare} data-testid={`loadtest-compare-${run.id}`} />
            Compare
          </label>
          <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? "Hide charts" : "Show charts"}
          </button>
        </div>
      </div>
      {open && <RunDetail run={run} />}
    </article>
  );
}

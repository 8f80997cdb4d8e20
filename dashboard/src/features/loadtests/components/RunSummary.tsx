import type { LoadTestRunSummary } from "@avalon/protocol";
import { formatDateTime, formatDuration, formatNumber } from "../../../lib/format";
import { Badge } from "../../../ui/Badge";

/** Who ran what, when, for how long, and whether each threshold held. */
export function RunSummary({ run }: { run: LoadTestRunSummary }) {
  return (
    <div className="run-summary">
      <div className="run-title">
        <Badge tone="neutral">{run.tool}</Badge>
        <strong>{run.name}</strong>
        {run.thresholdsPassed ? (
          <Badge tone="ok" testId="loadtest-verdict">
            thresholds passed
          </Badge>
        ) : (
          <Badge tone="error" testId="loadtest-verdict">
            thresholds failed
          </Badge>
        )}
      </div>
      <p className="muted small">
        {formatDateTime(run.startedAt)} · ran {formatDuration(run.durationSec)}
      </p>
      {run.thresholds.length > 0 && (
        <ul className="thresholds">
          {run.thresholds.map((t) => (
            <li key={t.name} className={t.passed ? "passed" : "failed"}>
              <span aria-hidden="true">{t.passed ? "✓" : "✗"}</span> <span className="mono small">{t.name}</span>
              {t.measured !== undefined && (
                <span className="small measured" data-testid="threshold-measured">
                  {" "}
                  measured {t.measured === null ? "nothing (no samples)" : formatNumber(t.measured)}
                </span>
              )}
              <span className="sr-only">{t.passed ? " passed" : " failed"}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { CommandOutcome } from "../lib/use-admin-command";
import { formatClock } from "../lib/format";

export function CommandResult({ outcome, pending }: { outcome: CommandOutcome | null; pending: boolean }) {
  if (pending) {
    return (
      <p className="command-result pending" data-testid="command-result" role="status">
        Sending…
      </p>
    );
  }
  if (!outcome) return null;
  return (
    <p className={`command-result ${outcome.ok ? "ok" : "error"}`} data-testid="command-result" role="status">
      <span className="command-result-time">{formatClock(outcome.at)}</span>
      {outcome.ok ? "Done: " : ""}
      {outcome.text}
    </p>
  );
}

import type { ConnectionState } from "../../../lib/session-context";

export function ConnectionIndicator({ state, notice }: { state: ConnectionState; notice: string | null }) {
  return (
    <span className={`connection connection-${state}`} title={notice ?? "Receiving live data"}>
      <span className="connection-dot" aria-hidden="true" />
      <span data-testid="connection-state">{state}</span>
    </span>
  );
}

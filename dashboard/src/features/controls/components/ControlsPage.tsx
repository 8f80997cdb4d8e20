import type { ClusterSnapshot } from "@avalon/protocol";
import { useSession } from "../../../lib/session-context";
import { useAdminCommand } from "../../../lib/use-admin-command";
import { CommandResult } from "../../../ui/CommandResult";
import { Notice } from "../../../ui/Notice";
import { limitsInForce } from "../data/limits-in-force";
import { LimitsForm } from "./LimitsForm";
import { NodeControls } from "./NodeControls";

/** Operator commands. The route renders this only for operators; the server refuses viewers anyway. */
export function ControlsPage({ latest }: { latest: ClusterSnapshot | null }) {
  const { hello, connection } = useSession();
  const command = useAdminCommand();
  const inForce = latest ? limitsInForce(latest.nodes, hello?.nodeId ?? null) : null;

  return (
    <div className="page" data-testid="controls">
      <div className="toolbar">
        <h2>Controls</h2>
        <span className="muted small">Every command is recorded in the audit log under your operator name.</span>
      </div>
      <div className="command-result-slot" aria-live="polite">
        <CommandResult outcome={command.outcome} pending={command.pending} />
      </div>
      {!latest || !inForce ? (
        connection === "live" ? <Notice>Waiting for the first cluster snapshot…</Notice> : <Notice tone="error">Not connected to the server: controls need a live connection.</Notice>
      ) : (
        <div className="controls-layout">
          <LimitsForm inForce={inForce} pending={command.pending} send={command.send} />
          <NodeControls nodes={latest.nodes} pending={command.pending} send={command.send} />
        </div>
      )}
    </div>
  );
}

import { useState } from "react";
import type { AdminCommand, NodeId, NodeSnapshot } from "@avalon/protocol";
import { formatNumber } from "../../../lib/format";
import type { CommandOutcome } from "../../../lib/use-admin-command";
import { Badge } from "../../../ui/Badge";
import { ConfirmDialog } from "../../../ui/ConfirmDialog";
import { drainConfirm } from "../data/confirm-text";
import { parseNodeCap } from "../data/node-cap";

export interface NodeControlsProps {
  nodes: NodeSnapshot[];
  pending: boolean;
  send(command: AdminCommand): Promise<CommandOutcome>;
}

function NodeCapForm({ node, pending, send }: { node: NodeSnapshot; pending: boolean; send: NodeControlsProps["send"] }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const parsed = parseNodeCap(node.nodeId, value);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    const outcome = await send(parsed.command);
    if (outcome.ok) setValue("");
  };

  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        type="number"
        min={1}
        max={19000}
        step={1}
        placeholder={String(node.limits.maxConnectionsPerNode)}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        aria-label={`Connection cap for ${node.nodeId}`}
        data-testid={`node-cap-input-${node.nodeId}`}
      />
      <button type="submit" disabled={pending || !value.trim()} data-testid={`node-cap-submit-${node.nodeId}`}>
        Set cap
      </button>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

/** Per-node cap, drain and cancel-drain. Draining asks first; cancelling only restores service. */
export function NodeControls({ nodes, pending, send }: NodeControlsProps) {
  const [drainTarget, setDrainTarget] = useState<NodeId | null>(null);
  // The dialog reads the live snapshot, so the count it names is the one at the moment of the click.
  const targetNode = nodes.find((n) => n.nodeId === drainTarget) ?? null;
  const text = targetNode ? drainConfirm(targetNode) : null;

  return (
    <section className="panel" aria-label="Nodes">
      <h3>Nodes</h3>
      <table className="table">
        <thead>
          <tr>
            <th>Node</th>
            <th>State</th>
            <th className="num">Connections</th>
            <th className="num">Cap in force</th>
            <th>New cap</th>
            <th>Drain</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.nodeId} data-testid={`node-controls-${node.nodeId}`}>
              <td className="mono">{node.nodeId}</td>
              <td>{node.draining ? <Badge tone="warn">draining</Badge> : <Badge tone="ok">serving</Badge>}</td>
              <td className="num">{formatNumber(node.connections)}</td>
              <td className="num">{formatNumber(node.limits.maxConnectionsPerNode)}</td>
              <td>
                <NodeCapForm node={node} pending={pending} send={send} />
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="danger"
                  disabled={pending || node.draining}
                  onClick={() => setDrainTarget(node.nodeId)}
                  data-testid={`drain-${node.nodeId}`}
                >
                  Drain…
                </button>
                <button
                  type="button"
                  disabled={pending || !node.draining}
                  onClick={() => void send({ type: "cancel_drain", nodeId: node.nodeId })}
                  data-testid={`cancel-drain-${node.nodeId}`}
                >
                  Cancel drain
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {drainTarget && text && (
        <ConfirmDialog
          title={text.title}
          confirmLabel={text.confirmLabel}
          onCancel={() => setDrainTarget(null)}
          onConfirm={() => {
            setDrainTarget(null);
            void send({ type: "drain", nodeId: drainTarget });
          }}
        >
          <p>{text.body}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

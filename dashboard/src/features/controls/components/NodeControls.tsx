import { useState } from "react";
import type { AdminCommand, NodeId, NodeSnapshot } from "@avalon/protocol";
import { formatNumber } from "../../../lib/format";
import type { CommandOutcome } from "../../../lib/use-admin-command";
import { Badge } from "../../../ui/Badge";
import { ConfirmDialog } from "../../../ui/ConfirmDialog";
import { drainConfirm, lastNodeDrainConfirm } from "../data/confirm-text";
import { NodeCapForm } from "./NodeCapForm";

export interface NodeControlsProps {
  nodes: NodeSnapshot[];
  pending: boolean;
  send(command: AdminCommand): Promise<CommandOutcome>;
}

/**
 * Per-node cap, drain and cancel-drain. Draining asks first, and draining the last node still
 * serving says what that means; cancelling only restores service.
 */
export function NodeControls({ nodes, pending, send }: NodeControlsProps) {
  const [drainTarget, setDrainTarget] = useState<NodeId | null>(null);
  // The dialog reads the live snapshot, so the count it names is the one at the moment of the click.
  const targetNode = nodes.find((n) => n.nodeId === drainTarget) ?? null;
  const lastServing = !!targetNode && !targetNode.draining && nodes.every((n) => n.nodeId === targetNode.nodeId || n.draining);
  const text = targetNode ? (lastServing ? lastNodeDrainConfirm(targetNode) : drainConfirm(targetNode)) : null;

  return (
    <section className="panel" aria-label="Nodes">
      <h3>Nodes</h3>
      <table className="table">
        <thead>
          <tr>
            <th>Node</th>
            <th>State</th>
            <th className="num">Connections</th>
            <th className="num">Connection cap</th>
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
              <td className="num" data-testid={`node-cap-current-${node.nodeId}`}>
                {formatNumber(node.limits.maxConnectionsPerNode)}
                {node.nodeCap !== null && (
                  <>
                    {" "}
                    <Badge tone="warn">override</Badge>
                  </>
                )}
              </td>
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
            void send(lastServing ? { type: "drain", nodeId: drainTarget, force: true } : { type: "drain", nodeId: drainTarget });
          }}
        >
          <p className={lastServing ? "warning strong" : undefined} data-testid={lastServing ? "last-node-warning" : undefined}>
            {text.body}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

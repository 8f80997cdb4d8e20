import { useState } from "react";
import type { AdminCommand, NodeSnapshot } from "@avalon/protocol";
import { formatNumber } from "../../../lib/format";
import type { CommandOutcome } from "../../../lib/use-admin-command";
import { ConfirmDialog } from "../../../ui/ConfirmDialog";
import { capBelowConnectionsConfirm } from "../data/confirm-text";
import { parseNodeCap } from "../data/node-cap";

export interface NodeCapFormProps {
  node: NodeSnapshot;
  pending: boolean;
  send(command: AdminCommand): Promise<CommandOutcome>;
}

/** Sets or clears one node's connection cap; a cap below its connections asks first. */
export function NodeCapForm({ node, pending, send }: NodeCapFormProps) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AdminCommand | null>(null);

  const apply = async (command: AdminCommand) => {
    setConfirming(null);
    const outcome = await send(command);
    if (outcome.ok) setValue("");
    else setError(outcome.text);
  };

  const submit = () => {
    const parsed = parseNodeCap(node.nodeId, value);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (parsed.command.type === "set_node_cap" && parsed.command.maxConnections < node.connections) setConfirming(parsed.command);
    else void apply(parsed.command);
  };
  const cap = confirming?.type === "set_node_cap" ? confirming.maxConnections : null;
  const text = cap !== null ? capBelowConnectionsConfirm(node, cap) : null;

  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
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
        className={error ? "field-invalid" : undefined}
        aria-invalid={error ? true : undefined}
        aria-label={`Connection cap for ${node.nodeId}`}
        data-testid={`node-cap-input-${node.nodeId}`}
      />
      <button type="submit" disabled={pending || !value.trim()} data-testid={`node-cap-submit-${node.nodeId}`}>
        Set cap
      </button>
      {node.nodeCap !== null && (
        <button
          type="button"
          disabled={pending}
          onClick={() => void apply({ type: "clear_node_cap", nodeId: node.nodeId })}
          title="Back to the cluster-wide connection cap"
          data-testid={`node-cap-clear-${node.nodeId}`}
        >
          Clear override ({formatNumber(node.nodeCap)})
        </button>
      )}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {confirming && text && (
        <ConfirmDialog title={text.title} confirmLabel={text.confirmLabel} onCancel={() => setConfirming(null)} onConfirm={() => void apply(confirming)}>
          <p className="warning" data-testid="cap-warning">
            {text.body}
          </p>
        </ConfirmDialog>
      )}
    </form>
  );
}

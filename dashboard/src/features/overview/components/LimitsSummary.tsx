import type { NodeSnapshot } from "@avalon/protocol";
import { formatNumber } from "../../../lib/format";
import { LIMIT_FIELDS } from "../../../lib/limit-fields";

/** The cluster's limits once, with each node's cap override named beside the cap. */
export function LimitsSummary({ nodes }: { nodes: readonly NodeSnapshot[] }) {
  const reference = nodes.find((n) => n.nodeCap === null) ?? nodes[0];
  if (!reference) return null;
  const overrides = nodes.filter((n) => n.nodeCap !== null);
  return (
    <details className="panel limits-summary" data-testid="limits-summary">
      <summary>
        Limits in force{overrides.length > 0 && <span className="muted small"> · {overrides.length} node cap override{overrides.length > 1 ? "s" : ""}</span>}
      </summary>
      <dl>
        {LIMIT_FIELDS.map((f) => (
          <div key={f.name}>
            <dt>{f.label}</dt>
            <dd>
              {formatNumber(reference.limits[f.name])} {f.unit}
              {f.name === "maxConnectionsPerNode" &&
                overrides.map((n) => (
                  <span key={n.nodeId} className="override small">
                    {" "}
                    {n.nodeId}: {formatNumber(n.nodeCap ?? 0)} (override)
                  </span>
                ))}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

import type { Limits, NodeSnapshot } from "@avalon/protocol";
import { LIMIT_FIELDS, type LimitName } from "../../../lib/limit-fields";

export interface LimitsInForce {
  /** The values of the node this dashboard is connected to (else the first node). */
  values: Limits;
  /** Fields where nodes disagree (a per-node cap, or a change still spreading): the range. */
  varies: Partial<Record<LimitName, { min: number; max: number }>>;
}

export function limitsInForce(nodes: readonly NodeSnapshot[], preferredNodeId: string | null): LimitsInForce | null {
  const reference = nodes.find((n) => n.nodeId === preferredNodeId) ?? nodes[0];
  if (!reference) return null;
  const varies: LimitsInForce["varies"] = {};
  for (const { name } of LIMIT_FIELDS) {
    const values = nodes.map((n) => n.limits[name]);
    const min = Math.min(...values);
    const max = Math.max(...values);
    if (min !== max) varies[name] = { min, max };
  }
  return { values: reference.limits, varies };
}

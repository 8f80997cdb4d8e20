import type { AuditChange } from "@avalon/protocol";
import { formatNumber } from "./format";
import { limitField } from "./limit-fields";

function value(v: AuditChange["before"], unit: string): string {
  if (v === null) return "none";
  return typeof v === "number" ? `${formatNumber(v)}${unit ? ` ${unit}` : ""}` : v;
}

/** "Connections per node: 18,000 conns → 10 conns; state: serving → draining". */
export function describeChanges(changes: readonly AuditChange[]): string {
  return changes
    .map((c) => {
      const field = limitField(c.field);
      const unit = field?.unit ?? "";
      return `${field?.label ?? c.field}: ${value(c.before, unit)} → ${value(c.after, unit)}`;
    })
    .join("; ");
}

import type { AdminCommandType, AuditEntry } from "@avalon/protocol";
import type { AuditFilter } from "../data/audit-entries";

const COMMANDS: AdminCommandType[] = ["set_limits", "set_node_cap", "clear_node_cap", "drain", "cancel_drain", "close_room"];

export interface AuditFiltersProps {
  filter: AuditFilter;
  /** Entries seen so far, for the operator and node choices. */
  seen: readonly AuditEntry[];
  onChange(next: AuditFilter): void;
}

function choices(values: Iterable<string>, current: string | undefined): string[] {
  const set = new Set(values);
  if (current) set.add(current);
  return [...set].sort();
}

/** Narrow the log to one operator, one command, one node. */
export function AuditFilters({ filter, seen, onChange }: AuditFiltersProps) {
  const operators = choices(
    seen.map((e) => e.tokenName),
    filter.operator,
  );
  const nodes = choices(
    seen.flatMap((e) => {
      const target = (e.command as { nodeId?: unknown }).nodeId;
      return typeof target === "string" ? [e.nodeId, target] : [e.nodeId];
    }),
    filter.nodeId,
  );
  const set = (key: keyof AuditFilter, value: string) => onChange({ ...filter, [key]: value || undefined });

  return (
    <div className="filters" role="group" aria-label="Filter the audit log">
      <FilterSelect label="Operator" testId="audit-filter-operator" value={filter.operator} options={operators} onChange={(v) => set("operator", v)} />
      <FilterSelect label="Command" testId="audit-filter-command" value={filter.command} options={COMMANDS} onChange={(v) => set("command", v)} />
      <FilterSelect label="Node" testId="audit-filter-node" value={filter.nodeId} options={nodes} onChange={(v) => set("nodeId", v)} />
    </div>
  );
}

interface FilterSelectProps {
  label: string;
  testId: string;
  value: string | undefined;
  options: readonly string[];
  onChange(value: string): void;
}

function FilterSelect({ label, testId, value, options, onChange }: FilterSelectProps) {
  return (
    <label>
      {label}{" "}
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">all</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

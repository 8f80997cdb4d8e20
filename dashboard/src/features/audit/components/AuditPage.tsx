import { useMemo, useState } from "react";
import type { AuditEntry } from "@avalon/protocol";
import { formatDateTime } from "../../../lib/format";
import { sortRows, toggleSort, type SortState, type SortValue } from "../../../lib/sort";
import { Badge } from "../../../ui/Badge";
import { Notice } from "../../../ui/Notice";
import { SortHeader } from "../../../ui/SortHeader";
import { describeChanges } from "../../../lib/change-words";
import { summariseCommand, type AuditFilter } from "../data/audit-entries";
import { useLiveAudit } from "../hooks/use-live-audit";
import { AuditFilters } from "./AuditFilters";

type AuditColumn = "ts" | "tokenName" | "role" | "nodeId" | "command" | "ok";

const COLUMN_VALUE: Record<AuditColumn, (e: AuditEntry) => SortValue> = {
  ts: (e) => e.ts,
  tokenName: (e) => e.tokenName,
  role: (e) => e.role,
  nodeId: (e) => e.nodeId,
  command: (e) => summariseCommand(e.command),
  ok: (e) => e.ok,
};

export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const { entries, loaded, error } = useLiveAudit(200, filter);
  const all = useLiveAudit(200);
  const [sort, setSort] = useState<SortState<AuditColumn>>({ key: "ts", desc: true });
  const rows = useMemo(() => sortRows(entries, COLUMN_VALUE[sort.key], sort.desc), [entries, sort]);
  const onSort = (key: AuditColumn) => setSort((s) => toggleSort(s, key, key === "ts"));

  return (
    <div className="page">
      <div className="toolbar">
        <h2>Audit log</h2>
        <span className="muted small">Every operator command, as the server recorded it. New entries appear live.</span>
      </div>
      <AuditFilters filter={filter} seen={all.entries} onChange={setFilter} />
      {error && <Notice tone="error">{error}</Notice>}
      <div className="panel table-wrap">
        <table className="table stack-narrow" data-testid="audit-log">
          <thead>
            <tr>
              <SortHeader label="Time" column="ts" sort={sort} onSort={onSort} />
              <SortHeader label="Operator" column="tokenName" sort={sort} onSort={onSort} />
              <SortHeader label="Role" column="role" sort={sort} onSort={onSort} />
              <SortHeader label="Node" column="nodeId" sort={sort} onSort={onSort} />
              <SortHeader label="Command" column="command" sort={sort} onSort={onSort} />
              <SortHeader label="Outcome" column="ok" sort={sort} onSort={onSort} />
              <th>Before → after</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td data-label="Time" className="mono small">{formatDateTime(e.ts)}</td>
                <td data-label="Operator" data-testid="audit-operator">{e.tokenName}</td>
                <td data-label="Role">{e.role}</td>
                <td data-label="Node" className="mono small">{e.nodeId}</td>
                <td data-label="Command">{summariseCommand(e.command)}</td>
                <td data-label="Outcome">{e.ok ? <Badge tone="ok">ok</Badge> : <Badge tone="error">error</Badge>}</td>
                <td data-label="Before → after" className="result-cell" data-testid="audit-change">
                  {e.changes?.length ? describeChanges(e.changes) : "–"}
                </td>
                <td data-label="Result" className="result-cell">{e.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {loaded && rows.length === 0 && <Notice>No commands recorded yet.</Notice>}
        {!loaded && !error && <Notice>Loading the audit log…</Notice>}
      </div>
    </div>
  );
}

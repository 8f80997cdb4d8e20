import { useEffect, useState } from "react";
import type { AuditEntry } from "@avalon/protocol";
import { useSession } from "../../../lib/session-context";
import { useAdminQuery } from "../../../lib/use-admin-query";
import { AUDIT_CAPACITY, matchesAudit, mergeAudit, type AuditFilter } from "../data/audit-entries";

const NO_FILTER: AuditFilter = {};

/** The audit log: the last entries fetched (again after each reconnect or filter change), then live ones pushed. */
export function useLiveAudit(limit = 200, filter: AuditFilter = NO_FILTER) {
  const { socket } = useSession();
  const initial = useAdminQuery("admin:audit", { limit, ...filter });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const key = JSON.stringify(filter);

  useEffect(() => {
    setEntries([]);
  }, [key]);

  useEffect(() => {
    if (initial.data) setEntries((current) => mergeAudit(current, initial.data?.entries ?? [], AUDIT_CAPACITY));
  }, [initial.data]);

  useEffect(() => {
    const f = JSON.parse(key) as AuditFilter;
    const onEntry = (entry: AuditEntry) => {
      if (matchesAudit(entry, f)) setEntries((current) => mergeAudit(current, [entry], AUDIT_CAPACITY));
    };
    socket.on("admin:audit_entry", onEntry);
    return () => {
      socket.off("admin:audit_entry", onEntry);
    };
  }, [socket, key]);

  return { entries, loaded: initial.data !== null, error: initial.error };
}

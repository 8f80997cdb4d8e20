import { useEffect, useState } from "react";
import type { AuditEntry } from "@avalon/protocol";
import { useSession } from "../../../lib/session-context";
import { useAdminQuery } from "../../../lib/use-admin-query";
import { AUDIT_CAPACITY, mergeAudit } from "../data/audit-entries";

/** The audit log: the last entries fetched (again after each reconnect), then live ones pushed. */
export function useLiveAudit(limit = 200) {
  const { socket } = useSession();
  const initial = useAdminQuery("admin:audit", { limit });
  const [entries, setEntries] = useState<AuditEntry[]>([]);

  useEffect(() => {
    if (initial.data) setEntries((current) => mergeAudit(current, initial.data?.entries ?? [], AUDIT_CAPACITY));
  }, [initial.data]);

  useEffect(() => {
    const onEntry = (entry: AuditEntry) => setEntries((current) => mergeAudit(current, [entry], AUDIT_CAPACITY));
    socket.on("admin:audit_entry", onEntry);
    return () => {
      socket.off("admin:audit_entry", onEntry);
    };
  }, [socket]);

  return { entries, loaded: initial.data !== null, error: initial.error };
}

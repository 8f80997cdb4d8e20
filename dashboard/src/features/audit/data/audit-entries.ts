import { auditMatches, type AuditEntry, type AuditQuery } from "@avalon/protocol";

/** The most entries the page keeps; older ones remain in the server's log. */
export const AUDIT_CAPACITY = 500;

/** Merges fetched and live entries: one per id, newest first, at most `capacity`. */
export function mergeAudit(current: readonly AuditEntry[], incoming: readonly AuditEntry[], capacity = AUDIT_CAPACITY): AuditEntry[] {
  const byId = new Map<string, AuditEntry>();
  for (const e of current) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.ts - a.ts || b.id.localeCompare(a.id)).slice(0, capacity);
}

/** A command in a few words: "drain node-2", "set limits eventsPerSecond=25, eventBurst=50". */
export function summariseCommand(command: AuditEntry["command"]): string {
  if (!("type" in command)) return "unknown command";
  const c = command as { type: string } & Record<string, unknown>;
  switch (c.type) {
    case "set_limits": {
      const limits = (c.limits ?? {}) as Record<string, unknown>;
      const parts = Object.entries(limits).map(([k, v]) => `${k}=${String(v)}`);
      return `set limits ${parts.join(", ") || "(none)"}`;
    }
    case "set_node_cap":
      return `set node cap ${String(c.nodeId)} to ${String(c.maxConnections)} connections`;
    case "clear_node_cap":
      return `clear node cap override of ${String(c.nodeId)}`;
    case "drain":
      return `drain ${String(c.nodeId)}${c.force ? " (forced: last serving node)" : ""}`;
    case "cancel_drain":
      return `cancel drain of ${String(c.nodeId)}`;
    case "close_room":
      return `close room ${String(c.roomId)}`;
    default:
      return `${c.type} (not a valid command)`;
  }
}

export type AuditFilter = Pick<AuditQuery, "operator" | "command" | "nodeId">;

/** The server's own filter, applied again to entries pushed live. */
export const matchesAudit = auditMatches;

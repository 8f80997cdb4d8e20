import { adminCommandSchema, type AdminCommand } from "@avalon/protocol";

export type NodeCapParse = { ok: true; command: AdminCommand } | { ok: false; error: string };

/** Builds a `set_node_cap` command, checked by the protocol's command schema. */
export function parseNodeCap(nodeId: string, input: string): NodeCapParse {
  const trimmed = input.trim();
  const value = Number(trimmed);
  if (trimmed === "" || !Number.isFinite(value)) return { ok: false, error: "Enter a number of connections" };
  if (!Number.isInteger(value)) return { ok: false, error: "Must be a whole number" };
  const parsed = adminCommandSchema.safeParse({ type: "set_node_cap", nodeId, maxConnections: value });
  if (!parsed.success) return { ok: false, error: "Must be between 1 and 19,000" };
  return { ok: true, command: parsed.data };
}

import type { AuditEntry } from "@avalon/protocol";
import type { Sample } from "./samples";

export type MarkerKind = "drain" | "limits" | "join" | "loss";

/** A moment drawn across every chart: an operator's change or a node coming or going. */
export interface ChartMarker {
  ts: number;
  kind: MarkerKind;
  label: string;
}

const COMMAND_KIND: Record<string, MarkerKind> = {
  drain: "drain",
  cancel_drain: "drain",
  set_limits: "limits",
  set_node_cap: "limits",
  clear_node_cap: "limits",
};

function target(command: AuditEntry["command"]): string {
  const nodeId = (command as { nodeId?: unknown }).nodeId;
  return typeof nodeId === "string" ? ` ${nodeId}` : "";
}

/** Drains and limit changes that went through, from the audit log. */
export function auditMarkers(entries: readonly AuditEntry[]): ChartMarker[] {
  return entries.flatMap((e) => {
    const kind = COMMAND_KIND[e.command.type];
    return e.ok && kind ? [{ ts: e.ts, kind, label: `${e.command.type.replace(/_/g, " ")}${target(e.command)} (${e.tokenName})` }] : [];
  });
}

/**
 * Nodes joining and leaving, read from the samples: a node first seen after the first sample
 * joined then; one missing from the newest sample was lost after its last.
 */
export function nodeMarkers(samples: readonly Sample[]): ChartMarker[] {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const s of samples) {
    for (const id of Object.keys(s.nodes)) {
      if (!first.has(id)) first.set(id, s.ts);
      last.set(id, s.ts);
    }
  }
  const start = samples[0]?.ts;
  const newest = samples[samples.length - 1];
  const out: ChartMarker[] = [];
  for (const [id, ts] of first) if (ts !== start) out.push({ ts, kind: "join", label: `${id} joined` });
  for (const [id, ts] of last) if (newest && !(id in newest.nodes)) out.push({ ts, kind: "loss", label: `${id} lost` });
  return out.sort((a, b) => a.ts - b.ts);
}

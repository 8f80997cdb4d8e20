import type { AdminCommand, AuditChange, Limits, NodeSnapshot } from "@avalon/protocol";
import type { CommandBus, NodeRegistry } from "../cluster/cluster-services.js";
import type { LimitsState } from "../ops/limits-state.js";
import type { RoomService } from "../rooms/room-service.js";
import { SYSTEM_ACTOR } from "../engine/state.js";

export type Outcome =
  | { ok: true; result: string; changes: AuditChange[] }
  | { ok: false; code: "bad_request" | "forbidden" | "not_found" | "unavailable" | "last_serving_node"; message: string };

export interface CommandDeps {
  cluster: CommandBus & Pick<NodeRegistry, "listNodes">;
  limits: LimitsState;
  rooms: RoomService;
}

/** Runs one validated operator command and says, in words and as before/after values, what changed. */
export async function executeCommand(deps: CommandDeps, cmd: AdminCommand): Promise<Outcome> {
  switch (cmd.type) {
    case "set_limits": {
      const before = deps.limits.clusterWide();
      const res = await deps.limits.change(cmd.limits);
      if (!res.ok) return { ok: false, code: "bad_request", message: res.message };
      const changes = limitChanges(before, deps.limits.clusterWide());
      return { ok: true, result: changes.length ? `cluster limits changed: ${describe(changes)}` : "cluster limits unchanged", changes };
    }
    case "set_node_cap":
    case "clear_node_cap":
    case "drain":
    case "cancel_drain": {
      const nodes = await deps.cluster.listNodes();
      const node = nodes.find((n) => n.nodeId === cmd.nodeId);
      if (!node) return { ok: false, code: "not_found", message: `no live node ${cmd.nodeId}` };
      if (cmd.type === "drain" && !cmd.force && isLastServing(node, nodes)) {
        return { ok: false, code: "last_serving_node", message: `${cmd.nodeId} is the last node serving players; draining it leaves nobody to take them` };
      }
      await deps.cluster.publishCommand(cmd);
      const changes = nodeChanges(cmd, node);
      return { ok: true, result: `${words(cmd.type)} ${cmd.nodeId}${changes.length ? `: ${describe(changes)}` : ""}`, changes };
    }
    case "close_room": {
      const res = await deps.rooms.act(cmd.roomId, { type: "close", playerId: SYSTEM_ACTOR });
      if (!res.ok) return { ok: false, code: res.code === "room_not_found" ? "not_found" : "bad_request", message: res.message };
      return { ok: true, result: `room ${cmd.roomId} closed`, changes: [{ field: "room", before: "open", after: "closed" }] };
    }
  }
}

function isLastServing(node: NodeSnapshot, nodes: NodeSnapshot[]): boolean {
  return !node.draining && nodes.every((n) => n.nodeId === node.nodeId || n.draining);
}

function nodeChanges(cmd: Exclude<AdminCommand, { type: "set_limits" | "close_room" }>, node: NodeSnapshot): AuditChange[] {
  switch (cmd.type) {
    case "set_node_cap":
      return [{ field: "maxConnectionsPerNode", before: node.limits.maxConnectionsPerNode, after: cmd.maxConnections }];
    case "clear_node_cap":
      return node.nodeCap === null ? [] : [{ field: "maxConnectionsPerNode", before: node.nodeCap, after: "cluster-wide value" }];
    case "drain":
      return [{ field: "state", before: node.draining ? "draining" : "serving", after: "draining" }];
    case "cancel_drain":
      return [{ field: "state", before: node.draining ? "draining" : "serving", after: "serving" }];
  }
}

export function limitChanges(before: Limits, after: Limits): AuditChange[] {
  return (Object.keys(after) as (keyof Limits)[]).filter((k) => before[k] !== after[k]).map((k) => ({ field: k, before: before[k], after: after[k] }));
}

function describe(changes: AuditChange[]): string {
  return changes.map((c) => `${c.field} ${c.before ?? "none"} → ${c.after ?? "none"}`).join(", ");
}

function words(type: AdminCommand["type"]): string {
  return { set_node_cap: "connection cap set on", clear_node_cap: "connection cap cleared on", drain: "drain started on", cancel_drain: "drain cancelled on", set_limits: "limits set", close_room: "room closed" }[type];
}

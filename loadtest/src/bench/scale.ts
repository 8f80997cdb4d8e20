import type { Table } from "./report.js";
import { scaleCluster } from "./scale-cluster.js";
import { scaleNodes } from "./scale-nodes.js";
import { scaleRooms } from "./scale-rooms.js";
import { scaleSoak } from "./scale-soak.js";

/**
 * The scaling simulation: per-node costs as the node count grows under one load, and as idle rooms
 * pile up; Redis's keys and memory after a soak; then Redis Cluster for real (spread over the
 * masters, a master failover).
 */
export async function scale(quick: boolean): Promise<Table[]> {
  return [await scaleRooms(quick), await scaleNodes(quick), await scaleSoak(quick), ...(await scaleCluster(quick))];
}

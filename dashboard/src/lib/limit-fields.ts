import type { Limits } from "@avalon/protocol";

export type LimitName = keyof Limits;

export interface LimitField {
  name: LimitName;
  label: string;
  unit: string;
  /** Whole numbers only (all but the event rate). */
  integer: boolean;
  help: string;
}

/** Every runtime limit in display order, with the words the dashboard uses for it. */
export const LIMIT_FIELDS: readonly LimitField[] = [
  { name: "connectionsPerIpPerMinute", label: "New connections per IP", unit: "/min", integer: true, help: "Handshakes one address may open per minute." },
  { name: "eventsPerSecond", label: "Events per socket", unit: "/s", integer: false, help: "Sustained rate one socket may send." },
  { name: "eventBurst", label: "Event burst", unit: "events", integer: true, help: "What a socket may send at once." },
  { name: "disconnectAfterViolations", label: "Disconnect after", unit: "violations", integer: true, help: "Rate-limited events before the socket is cut." },
  { name: "maxPayloadBytes", label: "Largest frame", unit: "bytes", integer: true, help: "Frames larger than this are refused." },
  { name: "maxConnectionsPerNode", label: "Connections per node", unit: "conns", integer: true, help: "Beyond it, handshakes get server_full." },
  { name: "maxRoomsPerNode", label: "Rooms per node", unit: "rooms", integer: true, help: "Rooms one node may create." },
];

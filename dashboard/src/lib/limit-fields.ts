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
  { name: "maxPayloadBytes", label: "Largest event payload", unit: "bytes", integer: true, help: "An event whose payload is larger is refused (payload_too_large)." },
  { name: "maxConnectionsPerNode", label: "Connections per node", unit: "conns", integer: true, help: "Beyond it, new handshakes get server_full." },
  { name: "maxRoomsPerNode", label: "Rooms per node", unit: "rooms", integer: true, help: "Rooms one node may create." },
];

const BY_NAME = new Map<string, LimitField>(LIMIT_FIELDS.map((f) => [f.name, f]));

export function limitField(name: string): LimitField | undefined {
  return BY_NAME.get(name);
}

/** Limit names a server message mentions ("eventBurst must be at least eventsPerSecond"). */
export function limitsNamedIn(text: string): LimitName[] {
  return LIMIT_FIELDS.filter((f) => new RegExp(`\\b${f.name}\\b`).test(text)).map((f) => f.name);
}

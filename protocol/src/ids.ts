/** Named id aliases: plain strings on the wire, distinct names in code. */
export type PlayerId = string;
export type RoomId = string;
export type NodeId = string;
export type ActionId = string;

import type { PlayerId, RoomId } from "@avalon/protocol";

/** Socket.IO room names. Every socket of a player joins its player channel; members join the room channel. */
export const roomChannel = (roomId: RoomId): string => `room:${roomId}`;
export const playerChannel = (playerId: PlayerId): string => `player:${playerId}`;
/** The room a room channel names, or null for any other Socket.IO room. */
export const channelRoom = (channel: string): RoomId | null => (channel.startsWith("room:") ? channel.slice(5) : null);
/** Whether a Socket.IO room is a player channel. */
export const isPlayerChannel = (channel: string): boolean => channel.startsWith("player:");

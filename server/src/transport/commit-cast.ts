import type { PatchMessage, PlayerId, PrivateMessage } from "@avalon/protocol";
import type { RedisClient } from "../cluster/redis-connection.js";
import type { Logger } from "../logger.js";
import type { CommitNote } from "../rooms/forwarded-action.js";
import type { GameServer } from "./types.js";
import { playerChannel, roomChannel } from "./channels.js";

/** What one committed change sends: the room's patch, the private views it changed, and its note for the other nodes. */
export interface CommitMessages {
  patch: PatchMessage;
  privates: { playerId: PlayerId; message: PrivateMessage }[];
  note?: CommitNote;
}

/** Delivers a commit's messages to the sockets of every node: the patch to the room's members, each private view to its player. */
export interface CommitCast {
  send(messages: CommitMessages): void;
  /** Whether the other nodes of the room get the note (so forwarded actions may be answered in it). */
  readonly carriesNotes: boolean;
}

/** Through the adapter: one broadcast for the patch and one per private view. */
export function adapterCast(io: GameServer): CommitCast {
  return {
    carriesNotes: false,
    send({ patch, privates }) {
      io.to(roomChannel(patch.roomId)).emit("room:patch", patch);
      for (const p of privates) io.to(playerChannel(p.playerId)).emit("room:private", p.message);
    },
  };
}

export interface ShardedCastDeps {
  io: GameServer;
  pub: RedisClient;
  sub: RedisClient;
  /** The sharded adapter's channel of a Socket.IO room of the game namespace. */
  channelOf: (room: string) => string;
  nodeId: string;
  log: Logger;
  /** Another node's commit of a room with a member here was heard (after its delivery). */
  onHeard: (roomId: string, note: CommitNote) => void;
}

/**
 * One publish per commit, whatever the number of private views. The message goes on the room's
 * own sharded adapter channel, to which every node holding a member of the room is already
 * subscribed (the adapter subscribes when a room's first local socket joins), and each node
 * delivers the patch and its own players' private views locally. A player's sockets join the room
 * before any private view of theirs is sent, so no view needs the player's channel.
 *
 * The message names a namespace the adapter does not serve, so the adapter, which reads every
 * message on its channels, drops it. It starts with a fixed marker so this node's reader skips
 * the adapter's own messages without parsing them.
 *
 * The note rides along: the lease of the committing node, which spares the others a claim, and
 * the answers to the forwarded actions the commit accepted, which spares the owner a reply.
 */
export function shardedCast(deps: ShardedCastDeps): CommitCast {
  const { io, pub, sub, nodeId, log } = deps;
  const head = `{"nsp":"${COMMIT_NSP}","uid":${JSON.stringify(nodeId)},"data":`;
  const marker = Buffer.from(`{"nsp":"${COMMIT_NSP}",`);
  const deliver = ({ patch, privates }: CommitMessages) => {
    io.local.to(roomChannel(patch.roomId)).emit("room:patch", patch);
    for (const p of privates) io.local.to(playerChannel(p.playerId)).emit("room:private", p.message);
  };
  sub.on("smessageBuffer", (_channel: Buffer, message: Buffer) => {
    if (message.length < marker.length || marker.compare(message, 0, marker.length) !== 0) return;
    try {
      const parsed = JSON.parse(message.toString("utf8")) as { uid: string; data: CommitMessages };
      if (parsed.uid === nodeId) return;
      deliver(parsed.data);
      if (parsed.data.note) deps.onHeard(parsed.data.patch.roomId, parsed.data.note);
    } catch (err) {
      log.warn({ err: (err as Error).message }, "unreadable commit message");
    }
  });
  return {
    carriesNotes: true,
    send(messages) {
      deliver(messages);
      pub.spublish(deps.channelOf(roomChannel(messages.patch.roomId)), `${head}${JSON.stringify(messages)}}`).catch(() => undefined);
    },
  };
}

/** Not a namespace name (those start with "/"): the adapter ignores messages naming it. */
const COMMIT_NSP = "#commit";

import { z } from "zod";
import { MAX_PLAYERS, MIN_PLAYERS, OPTIONAL_ROLES } from "./game.js";
import type { RoomId } from "./ids.js";
import type { Snapshot } from "./events.js";
import { acked, schemasOf, unacked } from "./event-spec.js";
import { CHAT_MAX_LENGTH, gameMoveSchema, idSchema, optionalRoleSchema, roomIdSchema, roomOptionsSchema, roomRequestFields } from "./schemas.js";

type MutationAck = { version: number; duplicate?: boolean };
type ViewAck = { snapshot: Snapshot };

/** Every client event of the game namespace, each defined once; the event types, names and validators derive from it. */
export const CLIENT_EVENT_TABLE = {
  "room:create": acked<{ roomId: RoomId; snapshot: Snapshot }>()(z.object({ options: roomOptionsSchema.partial().optional() }).strict()),
  "room:join": acked<ViewAck>()(z.object(roomRequestFields).strict()),
  "room:spectate": acked<ViewAck>()(z.object(roomRequestFields).strict()),
  "room:leave": acked<MutationAck>()(z.object(roomRequestFields).strict()),
  "room:seat": acked<MutationAck>()(z.object({ ...roomRequestFields, seat: z.number().int().min(0).max(MAX_PLAYERS - 1) }).strict()),
  "room:ready": acked<MutationAck>()(z.object({ ...roomRequestFields, ready: z.boolean() }).strict()),
  "room:configure": acked<MutationAck>()(
    z
      .object({
        ...roomRequestFields,
        roles: z.array(optionalRoleSchema).max(OPTIONAL_ROLES.length),
        maxPlayers: z.number().int().min(MIN_PLAYERS).max(MAX_PLAYERS).optional(),
      })
      .strict(),
  ),
  "room:sync": acked<ViewAck>()(z.object({ roomId: roomIdSchema }).strict()),
  "game:start": acked<MutationAck>()(z.object(roomRequestFields).strict()),
  "game:action": acked<MutationAck>()(z.object({ ...roomRequestFields, actionId: idSchema, move: gameMoveSchema }).strict()),
  "chat:send": acked<{ id: string }>()(z.object({ roomId: roomIdSchema, text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) }).strict()),
  /** Volatile: may be dropped under load. */
  "presence:typing": unacked(z.object({ roomId: roomIdSchema }).strict()),
};

type Table = typeof CLIENT_EVENT_TABLE;
export type ClientEventName = keyof Table;
/** What a client sends for an event. */
export type ClientRequest<E extends ClientEventName> = z.input<Table[E]["schema"]>;
/** What the server's handler receives once the schema has passed it. */
export type ClientPayload<E extends ClientEventName> = z.output<Table[E]["schema"]>;
/** What a successful ack of an event carries beside `ok: true` (never for an event without an ack). */
export type ClientAck<E extends ClientEventName> = NonNullable<Table[E]["ack"]>;

/** Names of every client event, in table order (bounded metric labels, fuzzing). */
export const CLIENT_EVENTS = Object.keys(CLIENT_EVENT_TABLE) as ClientEventName[];

/** Each event's payload schema. */
export const clientSchemas = schemasOf(CLIENT_EVENT_TABLE);

import { z } from "zod";
import { MAX_PLAYERS, MIN_PLAYERS, OPTIONAL_ROLES } from "./game.js";
import { checkPlayerName } from "./player-name.js";

/** Inbound payload schemas; unknown keys are rejected so that nothing unchecked reaches the engine. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const roomIdSchema = z.string().min(4).max(16).regex(/^[A-Z0-9]+$/);
/** A display name: normalised to NFC and trimmed; refused when a person would not see it as written (see player-name.ts). */
export const nameSchema = z.string().max(256).transform((raw, ctx) => {
  const checked = checkPlayerName(raw);
  if (checked.ok) return checked.name;
  ctx.addIssue({ code: "custom", message: checked.message });
  return z.NEVER;
});
export const CHAT_MAX_LENGTH = 280;

/** The fields every mutating room request may carry (see `RoomRequest`). */
export const roomRequestFields = {
  roomId: roomIdSchema,
  actionId: idSchema.optional(),
  expectedVersion: z.number().int().nonnegative().optional(),
};

export const optionalRoleSchema = z.enum(OPTIONAL_ROLES);
export const roomOptionsSchema = z
  .object({
    roles: z.array(optionalRoleSchema).max(OPTIONAL_ROLES.length),
    maxPlayers: z.number().int().min(MIN_PLAYERS).max(MAX_PLAYERS),
  })
  .strict();

export const gameMoveSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("propose"), team: z.array(idSchema).min(1).max(MAX_PLAYERS) }).strict(),
  z.object({ type: z.literal("vote"), approve: z.boolean() }).strict(),
  z.object({ type: z.literal("quest"), success: z.boolean() }).strict(),
  z.object({ type: z.literal("assassinate"), target: idSchema }).strict(),
]);

export const gameAuthSchema = z
  .object({ name: nameSchema.optional(), token: z.string().min(1).max(512).optional() })
  .strip()
  .refine((a) => a.name !== undefined || a.token !== undefined, { message: "name or token is required" });

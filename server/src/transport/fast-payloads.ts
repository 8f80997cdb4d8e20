import { CHAT_MAX_LENGTH, MAX_PLAYERS, type ClientEventName, type ClientPayload } from "@avalon/protocol";

/*
 * Hand-written checks for the events every game sends many times. Each accepts only payloads the
 * zod schema in @avalon/protocol accepts too, and returns what that schema would return; anything
 * else (including every invalid payload) returns undefined and goes through the schema, so
 * validation and its error messages stay defined in one place.
 */

type Plain = Record<string, unknown>;

const ROOM_ID = /^[A-Z0-9]+$/;
const ID = /^[A-Za-z0-9_-]+$/;

function plain(v: unknown): v is Plain {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Own keys all among `allowed`, each holding a defined value. */
function onlyKeys(p: Plain, allowed: readonly string[]): boolean {
  for (const k of Object.keys(p)) if (!allowed.includes(k) || p[k] === undefined) return false;
  return true;
}

const isRoomId = (v: unknown): v is string => typeof v === "string" && v.length >= 4 && v.length <= 16 && ROOM_ID.test(v);
const isId = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 64 && ID.test(v);
const isVersion = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** roomId, actionId (required or optional) and the optional expectedVersion, in schema order. */
function roomRequest(p: Plain, actionIdRequired: boolean): Plain | undefined {
  if (!isRoomId(p.roomId)) return undefined;
  const out: Plain = { roomId: p.roomId };
  if (p.actionId !== undefined) {
    if (!isId(p.actionId)) return undefined;
    out.actionId = p.actionId;
  } else if (actionIdRequired) return undefined;
  if (p.expectedVersion !== undefined) {
    if (!isVersion(p.expectedVersion)) return undefined;
    out.expectedVersion = p.expectedVersion;
  }
  return out;
}

function move(m: unknown): Plain | undefined {
  if (!plain(m)) return undefined;
  switch (m.type) {
    case "vote":
      return onlyKeys(m, ["type", "approve"]) && typeof m.approve === "boolean" ? { type: "vote", approve: m.approve } : undefined;
    case "quest":
      return onlyKeys(m, ["type", "success"]) && typeof m.success === "boolean" ? { type: "quest", success: m.success } : undefined;
    case "propose": {
      const team = m.team;
      if (!onlyKeys(m, ["type", "team"]) || !Array.isArray(team) || team.length < 1 || team.length > MAX_PLAYERS || !team.every(isId)) return undefined;
      return { type: "propose", team: [...team] };
    }
    case "assassinate":
      return onlyKeys(m, ["type", "target"]) && isId(m.target) ? { type: "assassinate", target: m.target } : undefined;
    default:
      return undefined;
  }
}

const ROOM_REQUEST_KEYS = ["roomId", "actionId", "expectedVersion"];
const ACTION_KEYS = [...ROOM_REQUEST_KEYS, "move"];
const READY_KEYS = [...ROOM_REQUEST_KEYS, "ready"];
const ROOM_ONLY = ["roomId"];
const CHAT_KEYS = ["roomId", "text"];

export function fastParse<E extends ClientEventName>(event: E, payload: unknown): ClientPayload<E> | undefined {
  if (!plain(payload)) return undefined;
  let out: Plain | undefined;
  switch (event) {
    case "game:action": {
      if (!onlyKeys(payload, ACTION_KEYS)) return undefined;
      const req = roomRequest(payload, true);
      const m = req && move(payload.move);
      out = m && { ...req, move: m };
      break;
    }
    case "room:ready": {
      if (!onlyKeys(payload, READY_KEYS) || typeof payload.ready !== "boolean") return undefined;
      const req = roomRequest(payload, false);
      out = req && { ...req, ready: payload.ready };
      break;
    }
    case "chat:send": {
      if (!onlyKeys(payload, CHAT_KEYS) || !isRoomId(payload.roomId) || typeof payload.text !== "string") return undefined;
      const text = payload.text.trim();
      out = text.length >= 1 && text.length <= CHAT_MAX_LENGTH ? { roomId: payload.roomId, text } : undefined;
      break;
    }
    case "presence:typing":
    case "room:sync":
      out = onlyKeys(payload, ROOM_ONLY) && isRoomId(payload.roomId) ? { roomId: payload.roomId } : undefined;
      break;
    default:
      return undefined;
  }
  return out as ClientPayload<E> | undefined;
}

import { ROLES, type PlayerId, type Role, type Sighting } from "@avalon/protocol";
import { decodeFrame } from "@avalon/loadtest";

/*
 * Who may know what, written out again from the rulebook (not imported from the engine, so a
 * mistake there is caught here), and a checker that reads every frame a recipient got.
 */

const EVIL: ReadonlySet<Role> = new Set(["assassin", "morgana", "mordred", "oberon", "minion"]);
const ROLE_NAMES: ReadonlySet<string> = new Set(ROLES);
/** Keys that only exist on the server's unfiltered state. */
const SERVER_ONLY_KEYS = new Set(["seed", "pendingVotes", "pendingCards", "recent", "cards"]);
const QUEST_RECORD_KEYS = new Set(["quest", "team", "fails", "failsRequired", "succeeded"]);

/** The night table: what `viewer` may know about each other seat. */
export function expectedKnows(roles: Record<PlayerId, Role>, viewer: PlayerId): Record<PlayerId, Sighting> {
  const mine = roles[viewer];
  const out: Record<PlayerId, Sighting> = {};
  for (const [other, role] of Object.entries(roles)) {
    if (other === viewer || !mine) continue;
    if (mine === "merlin" && EVIL.has(role) && role !== "mordred") out[other] = "evil";
    if (mine === "percival" && (role === "merlin" || role === "morgana")) out[other] = "merlin_or_morgana";
    if (EVIL.has(mine) && mine !== "oberon" && EVIL.has(role) && role !== "oberon") out[other] = "evil";
  }
  return out;
}

export type Recipient = { kind: "seat"; playerId: PlayerId } | { kind: "spectator" } | { kind: "admin" };

interface Leaf {
  path: (string | number)[];
  value: unknown;
}

/** Puts a frame's content under the paths of the view it belongs to (patch ops under `public`). */
function normalise(event: string, args: unknown[]): Leaf[] {
  const out: Leaf[] = [];
  const view = (v: { public?: unknown; private?: unknown } | undefined, rest: Record<string, unknown>) => {
    if (v && typeof v === "object") {
      out.push({ path: ["public"], value: v.public }, { path: ["private"], value: v.private });
    }
    out.push({ path: [event], value: rest });
  };
  for (const arg of args) {
    if (!arg || typeof arg !== "object") {
      out.push({ path: [event], value: arg });
      continue;
    }
    const a = arg as Record<string, unknown>;
    if (event === "room:patch") {
      for (const op of (a.ops as { path: (string | number)[]; value?: unknown }[]) ?? []) out.push({ path: ["public", ...op.path], value: op.value });
      out.push({ path: ["events"], value: a.events });
      out.push({ path: [event], value: { ...a, ops: undefined, events: undefined } });
    } else if (event === "room:private") {
      out.push({ path: ["private"], value: a.view });
      out.push({ path: [event], value: { ...a, view: undefined } });
    } else if (a.view) {
      const { view: v, ...rest } = a;
      view(v as { public?: unknown; private?: unknown }, rest);
    } else if (a.snapshot && typeof a.snapshot === "object") {
      const { snapshot, ...rest } = a;
      const { view: v, ...snapRest } = snapshot as Record<string, unknown>;
      view(v as { public?: unknown; private?: unknown }, { ...rest, ...snapRest });
    } else {
      out.push({ path: [event], value: a });
    }
  }
  return out;
}

/** Whether this frame ends the game (roles may be shown from here on). */
export function framesEnd(text: string): boolean {
  return text.includes('"type":"game_ended"') || /"phase":"ended"/.test(text) || /"path":\["phase"\],"value":"ended"/.test(text);
}

/**
 * Reads frames of one game after it ended, when the true roles are known, and lists every piece
 * of information a recipient got before the end that it may not know.
 */
export class LeakChecker {
  framesChecked = 0;
  readonly leaks: string[] = [];
  private readonly n: number;

  constructor(private readonly roles: Record<PlayerId, Role>) {
    this.n = Object.keys(roles).length;
  }

  /** Checks one recipient's frames in the order received; frames from the end on may show roles. */
  checkFrames(who: Recipient, frames: (string | Buffer)[], label: string): void {
    let ended = false;
    for (const frame of frames) {
      if (typeof frame !== "string") {
        this.leaks.push(`${label}: binary frame`);
        continue;
      }
      if (!ended && framesEnd(frame)) ended = true;
      const packet = decodeFrame(frame);
      if (packet.kind !== "event" && packet.kind !== "ack") continue;
      this.framesChecked++;
      const event = packet.kind === "ack" ? "ack" : packet.name;
      for (const leaf of normalise(event, packet.args)) this.walk(who, leaf.path, leaf.value, ended, `${label} ${event}`);
    }
  }

  private leak(where: string, path: (string | number)[], what: string): void {
    if (this.leaks.length < 200) this.leaks.push(`${where} at ${path.join(".")}: ${what}`);
  }

  private walk(who: Recipient, path: (string | number)[], value: unknown, ended: boolean, where: string): void {
    const last = path[path.length - 1];
    const inPrivate = path[0] === "private";
    if (inPrivate && value !== null && value !== undefined && path.length === 1) {
      if (who.kind !== "seat") return this.leak(where, path, `a private view sent to a ${who.kind}`);
      const p = value as { playerId?: unknown };
      if (p.playerId !== who.playerId) return this.leak(where, path, `the private view of ${String(p.playerId)}`);
    }
    if (typeof last === "string" && SERVER_ONLY_KEYS.has(last)) return this.leak(where, path, `server-only field "${last}"`);
    if (typeof value === "string") {
      // What players type (chat, names) is their own speech, not something the server revealed.
      if (last === "text" || last === "name") return;
      if (ROLE_NAMES.has(value)) this.checkRoleMention(who, path, value, ended, where);
      return;
    }
    if (value === null || typeof value !== "object") {
      if (inPrivate && who.kind === "seat" && last === "side" && value !== null) {
        const mine = this.roles[who.playerId];
        if (mine && value !== (EVIL.has(mine) ? "evil" : "good")) this.leak(where, path, `side ${String(value)}`);
      }
      return;
    }
    if (path[0] === "public" && path[1] === "roles" && path.length === 2 && !ended) return this.leak(where, path, "roles before the end");
    if (inPrivate && last === "knows" && who.kind === "seat") this.checkKnows(who.playerId, value as Record<string, unknown>, path, where);
    if (last === "votes" && !Array.isArray(value)) {
      const count = Object.keys(value).length;
      if (count !== this.n) this.leak(where, path, `${count} of ${this.n} votes shown before all were in`);
    }
    if (path[0] === "public" && path[1] === "quests" && typeof path[2] === "number" && path.length === 3) {
      for (const k of Object.keys(value)) if (!QUEST_RECORD_KEYS.has(k)) this.leak(where, path, `quest record field "${k}"`);
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.walk(who, [...path, i], v, ended, where));
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (ROLE_NAMES.has(k)) this.leak(where, [...path, k], "a role name as a key");
      this.walk(who, [...path, k], v, ended, where);
    }
  }

  private checkRoleMention(who: Recipient, path: (string | number)[], role: string, ended: boolean, where: string): void {
    // The configured optional roles are public: everyone sees which roles are in the game.
    if (path[0] === "public" && path[1] === "options") return;
    if (who.kind === "seat" && path[0] === "private" && path[1] === "role" && path.length === 2) {
      if (role !== this.roles[who.playerId]) this.leak(where, path, `own role shown as ${role}`);
      return;
    }
    if (ended && path[0] === "public" && path[1] === "roles") {
      const id = path[2];
      if (typeof id === "string" && this.roles[id] !== role) this.leak(where, path, `revealed role ${role} differs from the final reveal`);
      return;
    }
    this.leak(where, path, `role name "${role}"`);
  }

  private checkKnows(viewer: PlayerId, knows: Record<string, unknown>, path: (string | number)[], where: string): void {
    const expected = expectedKnows(this.roles, viewer);
    for (const [id, sighting] of Object.entries(knows)) {
      if (expected[id] !== sighting) this.leak(where, [...path, id], `sees ${String(sighting)} (night table: ${expected[id] ?? "nothing"})`);
    }
  }
}

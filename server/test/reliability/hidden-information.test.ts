import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot, WireSocket } from "@avalon/loadtest";
import type { OptionalRole, PlayerId, Role } from "@avalon/protocol";
import { eventually, startNode, stopAll, sleep } from "@avalon/testkit";
import { captureFrames, closeAll } from "./support/games.js";
import { expectedKnows, LeakChecker } from "./support/hidden-info.js";
import { refereeViolations } from "./support/checks.js";
import { Tally } from "./support/tally.js";

/*
 * Every frame every seat, spectator and admin viewer receives during whole games, read against
 * the night table once the final reveal tells the true roles. Setups cover every player count
 * and every optional role; one seat of each game drops its connection mid-game and resumes.
 */

const tally = new Tally("hidden information");
const TOKENS = { ADMIN_TOKEN: "operator-token-reliability-01", VIEWER_TOKEN: "viewer-token-reliability-01" };

const SETUPS: { players: number; roles: OptionalRole[] }[] = [
  { players: 5, roles: ["percival", "morgana"] },
  { players: 5, roles: ["mordred"] },
  { players: 5, roles: ["oberon"] },
  { players: 5, roles: [] },
  { players: 6, roles: ["percival", "mordred"] },
  { players: 6, roles: ["percival", "oberon"] },
  { players: 6, roles: ["morgana"] },
  { players: 6, roles: [] },
  { players: 7, roles: ["percival", "morgana", "oberon"] },
  { players: 7, roles: ["percival", "mordred"] },
  { players: 8, roles: ["percival", "morgana", "mordred"] },
  { players: 8, roles: ["oberon"] },
  { players: 9, roles: ["percival", "mordred", "oberon"] },
  { players: 9, roles: ["percival", "morgana"] },
  { players: 10, roles: ["percival", "morgana", "mordred", "oberon"] },
  { players: 10, roles: ["percival"] },
];

let urls: { patch: string; snapshot: string };
const open: Bot[] = [];
const raws: WireSocket[] = [];
const rolesSeen = new Map<number, Set<Role>>();

beforeAll(async () => {
  // The viewer polls the room list and the room far faster than the dashboard does.
  const common = { ...TOKENS, HEARTBEAT_MS: "200", LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000", ADMIN_EVENTS_PER_SECOND: "1000", ADMIN_EVENT_BURST: "1000" };
  urls = {
    patch: (await startNode(common)).url,
    snapshot: (await startNode({ ...common, STATE_SYNC: "snapshot" })).url,
  };
});

afterAll(async () => {
  closeAll(open);
  raws.forEach((r) => r.close());
  await stopAll();
  const coverage = [...rolesSeen].sort(([a], [b]) => a - b).map(([n, roles]) => `${n}:${[...roles].sort().join("+")}`);
  console.log(`[reliability] hidden information role coverage: ${coverage.join(" ")}`);
  tally.print();
});

interface Watched {
  bots: Bot[];
  frames: Map<Bot, (string | Buffer)[]>;
  spectator: WireSocket;
  viewer: WireSocket;
  resumed: Bot;
  roomId: string;
}

/** Plays one whole game with a spectator, an admin viewer polling the room, and a mid-game resume. */
async function watchedGame(url: string, players: number, roles: OptionalRole[]): Promise<Watched> {
  const bots = Array.from({ length: players }, (_, i) => new Bot({ url, name: `seat${i}`, thinkMs: 1 }));
  open.push(...bots);
  const frames = new Map(bots.map((b) => [b, captureFrames(b)] as const));
  await Promise.all(bots.map((b) => b.connect()));
  const roomId = await (bots[0] as Bot).createRoom({ maxPlayers: players, roles });
  for (const b of bots.slice(1)) await b.join(roomId);

  const spectator = (await WireSocket.connect(url, { name: "spectator" })).raw;
  const viewer = await WireSocket.open(url);
  raws.push(spectator, viewer);
  expect(await spectator.request("room:spectate", [{ roomId }])).toMatchObject({ ok: true });
  expect(await viewer.join("/admin", { token: TOKENS.VIEWER_TOKEN })).toEqual({ ok: true });
  expect(await viewer.request("admin:subscribe", [{ rooms: true }], 3000, "/admin")).toMatchObject({ ok: true });

  let polling = true;
  const poll = (async () => {
    while (polling) {
      await viewer.request("admin:rooms", [{ search: roomId }], 3000, "/admin").catch(() => undefined);
      await viewer.request("admin:room", [{ roomId }], 3000, "/admin").catch(() => undefined);
      await sleep(60);
    }
  })();

  await Promise.all(bots.map((b) => b.ready()));
  await (bots[0] as Bot).start();
  // Seat 1 loses its connection once the first quest is over and comes back with its token.
  const resumed = bots[1] as Bot;
  const drop = resumed
    .waitFor((v) => v.public.quests.length >= 1 || v.public.phase === "ended", 60_000)
    .then((v) => {
      if (v.public.phase !== "ended") resumed.socket.io.engine.close();
    });
  await (bots[2] as Bot).waitFor((v) => v.public.phase !== "lobby" && v.private?.role != null);
  await (bots[2] as Bot).request("chat:send", { roomId, text: "I am definitely a loyal servant" });
  await Promise.all(bots.map((b) => b.ended(60_000)));
  await drop;
  polling = false;
  await poll;
  // The spectator's last frame (the reveal) may still be on its way when the seats have ended, and a
  // short game can end before the admin stream's first period.
  const seen = (raw: WireSocket, test: (frame: string) => boolean) => raw.received.some((f) => typeof f === "string" && test(f));
  await eventually(() => seen(spectator, (f) => f.includes('"ended"')) && seen(viewer, (f) => f.startsWith('42/admin,["admin:cluster"')), 10_000);
  return { bots, frames, spectator, viewer, resumed, roomId };
}

describe("hidden information in every frame", () => {
  for (const setup of SETUPS) {
    const label = `${setup.players} players, ${setup.roles.join("+") || "no optional roles"}`;
    it(`leaks nothing to seats, spectators or admin viewers: ${label}`, async () => {
      const g = await watchedGame(urls.patch, setup.players, setup.roles);
      checkGame(g, label);
    });
  }

  for (const setup of [SETUPS[8], SETUPS[14]] as { players: number; roles: OptionalRole[] }[]) {
    const label = `${setup.players} players, ${setup.roles.join("+")}, STATE_SYNC=snapshot`;
    it(`leaks nothing with whole-view sync: ${label}`, async () => {
      const g = await watchedGame(urls.snapshot, setup.players, setup.roles);
      checkGame(g, label);
    });
  }
});

function checkGame(g: Watched, label: string): void {
  const final = g.bots[0]?.view?.public;
  const roles = final?.roles as Record<PlayerId, Role> | null;
  expect(roles, "roles revealed at the end").not.toBeNull();
  if (!roles) return;
  expect(refereeViolations(g.bots)).toEqual([]);
  const seen = rolesSeen.get(g.bots.length) ?? new Set<Role>();
  Object.values(roles).forEach((r) => seen.add(r));
  rolesSeen.set(g.bots.length, seen);
  const checker = new LeakChecker(roles);
  for (const bot of g.bots) {
    const id = bot.session?.playerId as string;
    checker.checkFrames({ kind: "seat", playerId: id }, g.frames.get(bot) ?? [], `${label} seat ${roles[id]}`);
  }
  checker.checkFrames({ kind: "spectator" }, g.spectator.received, `${label} spectator`);
  checker.checkFrames({ kind: "admin" }, g.viewer.received, `${label} admin viewer`);
  tally.bulk(checker.framesChecked, checker.framesChecked - Math.min(checker.framesChecked, checker.leaks.length), "frames");
  tally.leaks += checker.leaks.length;
  tally.count("frames_checked", checker.framesChecked);
  tally.count("games", 1);
  expect(checker.leaks, label).toEqual([]);

  const resumedFrames = (g.frames.get(g.resumed) ?? []).filter((f) => typeof f === "string" && f.startsWith('42["session"'));
  expect(resumedFrames.length, "the resumed seat got a second session").toBeGreaterThanOrEqual(g.bots[0]?.view?.public.quests.length ? 2 : 1);
  expect(g.viewer.received.some((f) => typeof f === "string" && f.startsWith('42/admin,["admin:cluster"')), "admin stream frames seen").toBe(true);
  // The knowledge each seat got is also complete (a checker that saw nothing would prove nothing).
  for (const bot of g.bots) {
    const id = bot.session?.playerId as string;
    expect(bot.view?.private?.knows, `${label}: ${roles[id]} knows`).toEqual(expectedKnows(roles, id));
  }
}

describe("the checker itself", () => {
  it("flags roles, other seats' private views, partial votes and server-only fields", () => {
    const roles: Record<string, Role> = { a: "merlin", b: "assassin", c: "servant", d: "morgana", e: "percival" };
    const checker = new LeakChecker(roles);
    const frames = [
      `42["room:patch",{"roomId":"R","from":1,"version":2,"ops":[{"op":"replace","path":["roles"],"value":{"b":"assassin"}}],"events":[],"ts":1}]`,
      `42["room:private",{"roomId":"R","version":2,"view":{"playerId":"b","role":"assassin","side":"evil","knows":{},"myVote":null,"myQuestCard":null,"canAssassinate":false},"ts":1}]`,
      `42["room:patch",{"roomId":"R","from":2,"version":3,"ops":[{"op":"add","path":["votes",0],"value":{"quest":0,"attempt":0,"leader":"a","team":["a"],"votes":{"a":true},"approved":false}}],"events":[],"ts":1}]`,
      `42["room:snapshot",{"roomId":"R","version":3,"view":{"public":{"seed":"abc"},"private":null},"ts":1}]`,
      `42["room:private",{"roomId":"R","version":4,"view":{"playerId":"a","role":"merlin","side":"good","knows":{"b":"evil","d":"evil","c":"evil"},"myVote":null,"myQuestCard":null,"canAssassinate":false},"ts":1}]`,
      `42["room:patch",{"roomId":"R","from":4,"version":5,"ops":[],"events":[{"type":"assassination","target":"a","merlinHit":true,"who":"assassin"}],"ts":1}]`,
      `42["chat:message",{"roomId":"R","id":"x","from":"b","name":"merlin","text":"assassin","ts":1}]`,
    ];
    checker.checkFrames({ kind: "seat", playerId: "a" }, frames, "synthetic");
    const kinds = checker.leaks.join("\n");
    expect(kinds).toContain("roles before the end");
    expect(kinds).toContain("the private view of b");
    expect(kinds).toContain("1 of 5 votes");
    expect(kinds).toContain('server-only field "seed"');
    expect(kinds).toContain("sees evil (night table: nothing)");
    expect(kinds).toContain('role name "assassin"');
    expect(checker.leaks.filter((l) => l.includes("chat:message"))).toEqual([]);
    const clean = new LeakChecker(roles);
    clean.checkFrames({ kind: "seat", playerId: "e" }, [frames[4]?.replace('"playerId":"a","role":"merlin","side":"good","knows":{"b":"evil","d":"evil","c":"evil"}', '"playerId":"e","role":"percival","side":"good","knows":{"a":"merlin_or_morgana","d":"merlin_or_morgana"}') as string], "synthetic clean");
    expect(clean.leaks).toEqual([]);
  });
});

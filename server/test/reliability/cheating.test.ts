import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Bot, WireSocket } from "@avalon/loadtest";
import type { Ack, ErrorCode, GameMove, PlayerId, Snapshot } from "@avalon/protocol";
import { client, doubleSeats, doubleSockets, eventually, sleep, startNode, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "../../src/node.js";
import { TokenSigner } from "../../src/session/tokens.js";
import { closeAll, leaderOf, roomVersion, startedRoom } from "./support/games.js";
import { Tally } from "./support/tally.js";

/*
 * Players who try to do what the rules or their seat do not allow. The actor always comes from
 * the session, never from the payload; every attempt is refused with its code and changes nothing.
 */

const tally = new Tally("cheating");
const SECRET = "reliability-secret-0123456789";
let url = "";
let node: AvalonNode;
const opened: Bot[] = [];

beforeAll(async () => {
  ({ url, node } = await startNode({ SECRET, LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000", LIMIT_EVENTS_PER_SECOND: "1000", LIMIT_EVENT_BURST: "1000" }));
});

// Every case of a test runs even when an earlier one fails; the first failure is raised here.
afterEach(() => tally.rethrow());

afterAll(async () => {
  closeAll(opened);
  await stopAll();
  tally.print();
});

async function game(players = 5, roles: ("percival" | "morgana" | "mordred" | "oberon")[] = []) {
  const g = await startedRoom(url, players, { roles });
  opened.push(...g.bots);
  return g;
}

/** Sends a move as this bot and expects it refused with `code`, the room's version unchanged. */
async function refused(
  name: string,
  bot: Bot,
  roomId: string,
  move: GameMove | Record<string, unknown>,
  code: ErrorCode,
  extra: Record<string, unknown> = {},
  /** A member who reads the room's version, when `bot` is not in the room. */
  watcher: Bot = bot,
): Promise<void> {
  await tally.soft(name, async () => {
    const before = await roomVersion(watcher, roomId);
    const res = await bot.request("game:action", { roomId, actionId: `c${Math.random().toString(36).slice(2)}`, move, ...extra } as never);
    expect(res, name).toMatchObject({ ok: false, code });
    expect(await roomVersion(watcher, roomId), `${name}: version`).toBe(before);
  });
}

/** A request that must leave the player where they were: refused with `code`, or answered with their unchanged place. */
async function keepsPlace(name: string, bot: Bot, event: "room:join" | "room:spectate", roomId: string, code: ErrorCode, seated: boolean): Promise<void> {
  await tally.soft(name, async () => {
    const before = await roomVersion(bot, roomId);
    const res = (await bot.request(event, { roomId })) as Ack<{ snapshot: Snapshot }>;
    if (res.ok) expect(res.snapshot.view.private === null, `${name}: still ${seated ? "seated" : "spectating"}`).toBe(!seated);
    else expect(res.code, name).toBe(code);
    expect(await roomVersion(bot, roomId), `${name}: version`).toBe(before);
  });
}

async function everyone(bots: Bot[], cond: (phase: string) => boolean): Promise<void> {
  await Promise.all(bots.map((b) => b.waitFor((v) => cond(v.public.phase), 10_000)));
}

/** The leader proposes the first seats, everyone approves: the room is then in the quest phase. */
async function approveTeam(bots: Bot[]): Promise<PlayerId[]> {
  const { leader, team } = leaderOf(bots);
  expect(await leader.play({ type: "propose", team })).toMatchObject({ ok: true });
  await everyone(bots, (p) => p === "team_vote");
  await Promise.all(bots.map((b) => b.play({ type: "vote", approve: true })));
  await everyone(bots, (p) => p === "quest");
  return team;
}

function bySession(bots: Bot[], id: PlayerId): Bot {
  return bots.find((b) => b.session?.playerId === id) as Bot;
}

describe("moves out of turn or out of phase", () => {
  it("refuses proposals from non-leaders, and votes, cards and assassinations in the wrong phase", async () => {
    const { bots, roomId } = await game();
    const { others, team } = leaderOf(bots);
    const other = others[0] as Bot;
    await refused("propose by a non-leader", other, roomId, { type: "propose", team }, "not_leader");
    await refused("vote before a proposal", other, roomId, { type: "vote", approve: true }, "wrong_phase");
    await refused("quest card before a vote", other, roomId, { type: "quest", success: false }, "wrong_phase");
    await refused("assassination mid-game", other, roomId, { type: "assassinate", target: team[0] as string }, "wrong_phase");
    await tally.soft("leave a game in progress", async () => {
      expect(await other.request("room:leave", { roomId })).toMatchObject({ ok: false, code: "wrong_phase" });
    });
    await tally.soft("start an already started game", async () => {
      expect(await (bots[0] as Bot).request("game:start", { roomId })).toMatchObject({ ok: false, code: "wrong_phase" });
    });
    await tally.soft("reconfigure a started game", async () => {
      expect(await (bots[0] as Bot).request("room:configure", { roomId, roles: ["oberon"] })).toMatchObject({ ok: false, code: "wrong_phase" });
    });
    await tally.soft("stale expectedVersion", async () => {
      const { leader } = leaderOf(bots);
      const v = await roomVersion(leader, roomId);
      const res = await leader.request("game:action", { roomId, actionId: "stale-1", expectedVersion: v - 1, move: { type: "propose", team } });
      expect(res).toMatchObject({ ok: false, code: "stale_version" });
      expect(await roomVersion(leader, roomId)).toBe(v);
    });
  });

  it("refuses bad teams: wrong size, duplicates, unknown or spectating ids", async () => {
    const { bots, roomId } = await game(6);
    const spectator = new Bot({ url, name: "watcher", autoplay: false });
    opened.push(spectator);
    await spectator.connect();
    await spectator.join(roomId, true);
    const { leader, team } = leaderOf(bots);
    const ids = bots.map((b) => b.session?.playerId as string);
    await refused("team too small", leader, roomId, { type: "propose", team: team.slice(1) }, "wrong_team_size");
    await refused("team too large", leader, roomId, { type: "propose", team: ids.slice(0, team.length + 1) }, "wrong_team_size");
    await refused("duplicate team member", leader, roomId, { type: "propose", team: [team[0], team[0]] as string[] }, "duplicate_team_member");
    await refused("unknown player on the team", leader, roomId, { type: "propose", team: [team[0] as string, "p_nobody"] }, "unknown_player");
    await refused("spectator on the team", leader, roomId, { type: "propose", team: [team[0] as string, spectator.session?.playerId as string] }, "unknown_player");
    await refused("prototype name on the team", leader, roomId, { type: "propose", team: [team[0] as string, "__proto__"] }, "unknown_player");
    await refused("spectator proposes", spectator, roomId, { type: "propose", team }, "not_in_room");
    await keepsPlace("spectator asks for a seat mid-game", spectator, "room:join", roomId, "wrong_phase", false);
    await keepsPlace("seated player asks to spectate too", leader, "room:spectate", roomId, "already_in_room", true);
  });

  it("refuses a second vote, a vote for another seat, and a spectator's vote", async () => {
    const { bots, roomId } = await game();
    const spectator = new Bot({ url, name: "spec", autoplay: false });
    opened.push(spectator);
    await spectator.connect();
    await spectator.join(roomId, true);
    const { leader, team } = leaderOf(bots);
    expect(await leader.play({ type: "propose", team })).toMatchObject({ ok: true });
    await everyone(bots, (p) => p === "team_vote");
    const [a, b] = bots as [Bot, Bot];
    expect(await a.play({ type: "vote", approve: false })).toMatchObject({ ok: true });
    await refused("second vote, same choice", a, roomId, { type: "vote", approve: false }, "already_voted");
    await refused("second vote, other choice", a, roomId, { type: "vote", approve: true }, "already_voted");
    await refused("vote naming another seat", a, roomId, { type: "vote", approve: true }, "bad_request", { playerId: b.session?.playerId });
    await refused("vote with the actor inside the move", a, roomId, { type: "vote", approve: true, playerId: b.session?.playerId }, "bad_request");
    await refused("spectator votes", spectator, roomId, { type: "vote", approve: true }, "not_in_room");
    await tally.soft("the other seat's vote is still open", async () => {
      expect(await b.play({ type: "vote", approve: true })).toMatchObject({ ok: true });
    });
  });

  it("refuses fail cards from good players, cards from seats off the team, and second cards", async () => {
    const { bots, roomId } = await game(5);
    const team = await approveTeam(bots);
    const onTeam = team.map((id) => bySession(bots, id));
    const offTeam = bots.find((b) => !team.includes(b.session?.playerId as string)) as Bot;
    await refused("card from a seat off the team", offTeam, roomId, { type: "quest", success: true }, "not_on_team");
    const good = onTeam.find((b) => b.view?.private?.side === "good");
    if (good) await refused("good player plays fail", good, roomId, { type: "quest", success: false }, "good_must_succeed");
    const first = onTeam[0] as Bot;
    expect(await first.play({ type: "quest", success: true })).toMatchObject({ ok: true });
    await refused("second quest card", first, roomId, { type: "quest", success: false }, "already_played");
  });

  it("refuses assassinations by anyone but the assassin, of oneself, or of nobody", async () => {
    const { bots, roomId } = await game(5, ["percival"]);
    for (let q = 0; q < 3; q++) {
      const team = await approveTeam(bots);
      await Promise.all(team.map((id) => bySession(bots, id).play({ type: "quest", success: true })));
      await everyone(bots, (p) => p === (q < 2 ? "team_building" : "assassination"));
    }
    const assassin = bots.find((b) => b.view?.private?.role === "assassin") as Bot;
    const merlin = bots.find((b) => b.view?.private?.role === "merlin") as Bot;
    const evilMate = bots.find((b) => b !== assassin && b.view?.private?.side === "evil") as Bot;
    await refused("merlin names the assassin", merlin, roomId, { type: "assassinate", target: assassin.session?.playerId as string }, "not_assassin");
    await refused("another evil seat assassinates", evilMate, roomId, { type: "assassinate", target: merlin.session?.playerId as string }, "not_assassin");
    await refused("assassin names themself", assassin, roomId, { type: "assassinate", target: assassin.session?.playerId as string }, "invalid_target");
    await refused("assassin names a stranger", assassin, roomId, { type: "assassinate", target: "p_nobody" }, "unknown_player");
    await refused("assassin acts for merlin", assassin, roomId, { type: "assassinate", target: merlin.session?.playerId as string }, "bad_request", { playerId: merlin.session?.playerId });
    const target = bots.find((b) => b !== assassin && b !== evilMate) as Bot;
    expect(await assassin.play({ type: "assassinate", target: target.session?.playerId as string })).toMatchObject({ ok: true });
    await everyone(bots, (p) => p === "ended");
    await refused("second assassination", assassin, roomId, { type: "assassinate", target: target.session?.playerId as string }, "wrong_phase");
  });
});

describe("rooms not joined and replayed actions", () => {
  it("refuses moves, chat, sync and presence in a room the player is not in", async () => {
    const a = await game(5);
    const b = await game(5);
    const outsider = b.bots[0] as Bot;
    const { team } = leaderOf(a.bots);
    await refused("move in a room of another game", outsider, a.roomId, { type: "propose", team }, "not_in_room", {}, a.bots[1]);
    await tally.soft("chat in a room not joined", async () => {
      expect(await outsider.request("chat:send", { roomId: a.roomId, text: "hi" })).toMatchObject({ ok: false, code: "not_in_room" });
    });
    await tally.soft("sync of a room not joined", async () => {
      expect(await outsider.request("room:sync", { roomId: a.roomId })).toMatchObject({ ok: false, code: "not_in_room" });
    });
    await tally.soft("join a game in progress elsewhere while playing", async () => {
      const res = await outsider.request("room:join", { roomId: a.roomId });
      expect(res).toMatchObject({ ok: false });
      expect(["already_in_room", "wrong_phase"]).toContain(!res.ok && res.code);
    });
    await tally.soft("typing into a room not joined reaches nobody", async () => {
      let heard = 0;
      for (const x of a.bots) x.socket.on("presence:typing", () => heard++);
      outsider.socket.emit("presence:typing", { roomId: a.roomId });
      await sleep(200);
      expect(heard).toBe(0);
    });
  });

  it("answers a replayed action id as a duplicate and never applies it twice", async () => {
    const { bots, roomId } = await game(5);
    const { leader, team } = leaderOf(bots);
    const payload = { roomId, actionId: "replay-1", move: { type: "propose" as const, team } };
    const first = (await leader.request("game:action", payload)) as Ack<{ version: number }>;
    expect(first).toMatchObject({ ok: true });
    await everyone(bots, (p) => p === "team_vote");
    await tally.soft("same action id, same move", async () => {
      const again = await leader.request("game:action", payload);
      expect(again).toMatchObject({ ok: true, duplicate: true, version: first.ok ? first.version : -1 });
    });
    await tally.soft("same action id, different move", async () => {
      const again = await leader.request("game:action", { roomId, actionId: "replay-1", move: { type: "vote", approve: true } });
      expect(again).toMatchObject({ ok: true, duplicate: true });
      expect(leader.view?.private?.myVote ?? null).toBeNull();
    });
    await tally.soft("another player's action id is theirs alone", async () => {
      const other = bots.find((b) => b !== leader) as Bot;
      const res = await other.request("game:action", { roomId, actionId: "replay-1", move: { type: "vote", approve: true } });
      expect(res).toMatchObject({ ok: true });
      expect((res as { duplicate?: boolean }).duplicate).toBeUndefined();
    });
    await tally.soft("replays after the fact do not move the version", async () => {
      const v = await roomVersion(leader, roomId);
      for (let i = 0; i < 5; i++) expect(await leader.request("game:action", payload)).toMatchObject({ ok: true, duplicate: true });
      expect(await roomVersion(leader, roomId)).toBe(v);
    });
  });
});

describe("tokens", () => {
  it("refuses forged tokens, tokens signed with another secret and edited tokens", async () => {
    const { socket, session } = await client(url, { name: "victim" });
    const other = new TokenSigner("some-other-secret-0123456789");
    const [body, mac] = session.token.split(".") as [string, string];
    const edited = Buffer.from(JSON.stringify({ p: "p_admin", n: "victim", i: Date.now() })).toString("base64url");
    const cases: [string, string][] = [
      ["random string", "hello"],
      ["body without a signature", body],
      ["signature of another secret", other.sign({ playerId: session.playerId, name: "victim", issuedAt: Date.now() })],
      ["edited body, original signature", `${edited}.${mac}`],
      ["signature truncated", `${body}.${mac.slice(0, 20)}`],
      ["two dots", `${body}.${mac}.${mac}`],
      ["empty signature", `${body}.`],
      ["signature in another alphabet", `${body}.${Buffer.from(mac, "base64url").toString("hex")}`],
    ];
    for (const [name, token] of cases) {
      await tally.soft(`token: ${name}`, async () => {
        await expect(client(url, { token }), name).rejects.toMatchObject({ code: "invalid_token" });
      });
    }
    socket.disconnect();
  });

  it("lets another player's token take over that seat, never leaving one player with two live sockets", async () => {
    const { bots, roomId } = await game(5);
    const victim = bots[1] as Bot;
    const victimId = victim.session?.playerId as string;
    const role = victim.view?.private?.role;
    const closed = new Promise((r) => victim.socket.once("disconnect", r));
    // The victim's bot would reconnect by itself and take the seat back (the two would trade it
    // forever); it steps aside once told, so the thief's side can be looked at.
    const replaced = new Promise((r) =>
      victim.socket.once("session:replaced", (m) => {
        r(m);
        victim.close();
      }),
    );
    // The victim's bot would reconnect by itself; an attacker holding the token races it.
    const thief = (await WireSocket.connect(url, { token: victim.session?.token as string })).raw;
    await tally.soft("old socket told session:replaced and cut off", async () => {
      await replaced;
      await closed;
    });
    await tally.soft("the token's holder gets that seat's snapshot", async () => {
      // The resume snapshot comes right behind the session event, often in the same read.
      const frame = (await thief.seenOrNext((f) => typeof f === "string" && f.startsWith('42["room:snapshot"'), 3000).catch(() => undefined)) as string | undefined;
      const snap = frame ? (JSON.parse(frame.slice(2)) as [string, Snapshot]) : null;
      const sync = await thief.requestOrClose<Ack<{ snapshot: Snapshot }>>("room:sync", [{ roomId }]);
      expect(sync).not.toBe("closed");
      expect(sync !== "closed" && sync.ok && sync.snapshot.view.private?.playerId).toBe(victimId);
      expect(sync !== "closed" && sync.ok && sync.snapshot.view.private?.role).toBe(role);
      expect(snap === null || snap[1].roomId === roomId).toBe(true);
    });
    const liveSockets = () => [...node.io.of("/").sockets.values()].map((s) => s.data.playerId);
    await tally.soft("one live socket per player", async () => {
      await eventually(() => liveSockets().filter((id) => id === victimId).length === 1);
      const ids = liveSockets();
      expect(doubleSockets(ids)).toEqual([]);
      expect(ids.filter((id) => id === victimId)).toHaveLength(1);
    });
    await tally.soft("three quick takeovers in a row leave one socket", async () => {
      const token = victim.session?.token as string;
      const socks = await Promise.all([0, 1, 2].map(() => WireSocket.connect(url, { token }).then((r) => r.raw, () => null)));
      await eventually(() => liveSockets().filter((id) => id === victimId).length <= 1);
      const ids = liveSockets();
      // Racing handshakes may cut each other off entirely; never may two stay.
      expect(ids.filter((id) => id === victimId).length).toBeLessThanOrEqual(1);
      socks.forEach((s) => s?.close());
    });
    thief.close();
  });
});

describe("one seat per player", () => {
  let rooms: string[] = [];
  beforeAll(async () => {
    const hosts = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const b = new Bot({ url, name: `host${i}`, autoplay: false });
        opened.push(b);
        await b.connect();
        await b.createRoom({ maxPlayers: 5 });
        return b;
      }),
    );
    rooms = hosts.map((h) => h.roomId as string);
  });

  async function newcomer(name: string): Promise<Bot> {
    const b = new Bot({ url, name, autoplay: false });
    opened.push(b);
    await b.connect();
    return b;
  }

  it("never seats one player in two lobbies when two joins race", async () => {
    const racer = await newcomer("racer");
    await tally.soft("concurrent joins of two lobbies", async () => {
      await Promise.all([racer.request("room:join", { roomId: rooms[0] as string }), racer.request("room:join", { roomId: rooms[1] as string })]);
      // Regression: both joins read "no other room" before either recorded one, seating the player in
      // two lobbies. Fixed by running a player's room changes one at a time (rooms/membership.ts).
      expect(await doubleSeats(node.store, [racer.session?.playerId as string])).toEqual([]);
    });
  });

  it("never seats one player in two rooms when creates race", async () => {
    const creator = await newcomer("creator");
    await tally.soft("concurrent creates", async () => {
      await Promise.all([0, 1, 2].map(() => creator.request("room:create", { options: { maxPlayers: 5 } })));
      expect(await doubleSeats(node.store, [creator.session?.playerId as string])).toEqual([]);
    });
  });

  it("never seats one player in two rooms when a create and a join race", async () => {
    const mover = await newcomer("mover");
    await tally.soft("join while creating", async () => {
      await Promise.all([mover.request("room:create", { options: { maxPlayers: 5 } }), mover.request("room:join", { roomId: rooms[2] as string })]);
      expect(await doubleSeats(node.store, [mover.session?.playerId as string])).toEqual([]);
    });
  });

  it("moves a player between lobbies one at a time, leaving one seat", async () => {
    const walker = await newcomer("walker");
    await tally.soft("sequential moves between lobbies leave one seat", async () => {
      for (const r of [...rooms, ...rooms]) expect(await walker.request("room:join", { roomId: r })).toMatchObject({ ok: true });
      const seated = [];
      for (const r of rooms) {
        const rec = await node.store.load(r);
        if (rec?.state.seats.some((s) => s.id === walker.session?.playerId)) seated.push(r);
      }
      expect(seated).toEqual([rooms[2]]);
    });
  });

  it("refuses to seat a player of a running game in another room", async () => {
    const { bots } = await game(5);
    const lobby = new Bot({ url, name: "lobbyhost", autoplay: false });
    opened.push(lobby);
    await lobby.connect();
    const lobbyId = await lobby.createRoom({ maxPlayers: 5 });
    await tally.soft("join a lobby while in a game", async () => {
      expect(await (bots[2] as Bot).request("room:join", { roomId: lobbyId })).toMatchObject({ ok: false, code: "already_in_room" });
    });
    await tally.soft("create a room while in a game", async () => {
      expect(await (bots[2] as Bot).request("room:create", { options: {} })).toMatchObject({ ok: false, code: "already_in_room" });
    });
    await tally.soft("spectate elsewhere while in a game is allowed but keeps the seat", async () => {
      await (bots[3] as Bot).request("room:spectate", { roomId: lobbyId });
      expect(await doubleSeats(node.store, bots.map((b) => b.session?.playerId as string))).toEqual([]);
    });
  });

  it("refuses host-only actions from other seats", async () => {
    const host = new Bot({ url, name: "h", autoplay: false });
    const guest = new Bot({ url, name: "g", autoplay: false });
    opened.push(host, guest);
    await Promise.all([host.connect(), guest.connect()]);
    const roomId = await host.createRoom({ maxPlayers: 5 });
    await guest.join(roomId);
    await tally.soft("guest starts the game", async () => {
      expect(await guest.request("game:start", { roomId })).toMatchObject({ ok: false, code: "not_host" });
    });
    await tally.soft("guest configures the room", async () => {
      expect(await guest.request("room:configure", { roomId, roles: ["percival", "morgana"] })).toMatchObject({ ok: false, code: "not_host" });
    });
    await tally.soft("guest takes a taken seat", async () => {
      expect(await guest.request("room:seat", { roomId, seat: 0 })).toMatchObject({ ok: false, code: "invalid_seat" });
    });
    await tally.soft("host starts with two players", async () => {
      expect(await host.request("game:start", { roomId })).toMatchObject({ ok: false, code: "not_enough_players" });
    });
    await tally.soft("host configures a role twice", async () => {
      expect(await host.request("room:configure", { roomId, roles: ["mordred", "mordred"] })).toMatchObject({ ok: false, code: "invalid_setup" });
    });
  });
});

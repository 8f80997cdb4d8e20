import { afterAll, describe, expect, it } from "vitest";
import { Bot } from "@avalon/loadtest";
import { TokenSigner } from "../src/session/tokens.js";
import { client, startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

describe("resume", () => {
  it("puts a player who disconnects in mid-vote back in their seat with the current state", async () => {
    const { url } = await startNode();
    const bots = Array.from({ length: 5 }, (_, i) => new Bot({ url, name: `r${i}`, autoplay: false }));
    await Promise.all(bots.map((b) => b.connect()));
    const roomId = await (bots[0] as Bot).createRoom({ maxPlayers: 5 });
    for (const b of bots.slice(1)) await b.join(roomId);
    await Promise.all(bots.map((b) => b.ready()));
    await (bots[0] as Bot).start();
    await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase === "team_building")));
    const leaderId = bots[0]?.view?.public.leader;
    const leader = bots.find((b) => b.session?.playerId === leaderId) as Bot;
    const size = leader.view?.public.teamSizes[0] as number;
    expect(await leader.play({ type: "propose", team: leader.view?.public.players.slice(0, size).map((p) => p.id) as string[] })).toMatchObject({ ok: true });
    await Promise.all(bots.map((b) => b.waitFor((v) => v.public.phase === "team_vote")));
    const [a, b] = bots as [Bot, Bot];
    expect(await a.play({ type: "vote", approve: true })).toMatchObject({ ok: true });
    const token = b.session?.token as string;
    const role = b.view?.private?.role;
    b.close();
    expect(await bots[2]?.play({ type: "vote", approve: false })).toMatchObject({ ok: true });

    const resumed = await client(url, { token });
    const snapshot = await resumed.firstSnapshot;
    expect(resumed.session.playerId).toBe(b.session?.playerId);
    expect(resumed.session.roomId).toBe(roomId);
    expect(snapshot.view.public.phase).toBe("team_vote");
    expect(snapshot.view.public.voted).toHaveLength(2);
    expect(snapshot.view.private?.role).toBe(role);
    expect(snapshot.view.private?.myVote).toBeNull();
    bots.forEach((x) => x.close());
  });

  it("gives a second connection of the same player the seat and cuts off the first", async () => {
    const { url } = await startNode();
    const first = await client(url, { name: "twin" });
    const replaced = new Promise((resolve) => first.socket.once("session:replaced", resolve));
    const second = await client(url, { token: first.session.token });
    await replaced;
    expect(second.session.playerId).toBe(first.session.playerId);
  });
});

describe("joining again", () => {
  it("answers a seated player's join of a started game with a snapshot", async () => {
    const { url } = await startNode();
    const bots = Array.from({ length: 5 }, (_, i) => new Bot({ url, name: `j${i}`, autoplay: false }));
    await Promise.all(bots.map((b) => b.connect()));
    const roomId = await (bots[0] as Bot).createRoom({ maxPlayers: 5 });
    for (const b of bots.slice(1)) await b.join(roomId);
    await Promise.all(bots.map((b) => b.ready()));
    await (bots[0] as Bot).start();
    const again = await (bots[1] as Bot).request("room:join", { roomId });
    expect(again.ok && again.snapshot.view.public.phase).toBe("team_building");
    const { socket } = await client(url, { name: "late" });
    const late = await new Promise((r) => socket.emit("room:join", { roomId }, r));
    expect(late).toMatchObject({ ok: false, code: "wrong_phase" });
    bots.forEach((x) => x.close());
  });
});

describe("resume token age", () => {
  it("refuses a token older than RESUME_TOKEN_TTL_MS with invalid_token and accepts a younger one", async () => {
    const secret = "resume-ttl-secret-0123456789";
    const { url } = await startNode({ SECRET: secret, RESUME_TOKEN_TTL_MS: "60000" });
    const signer = new TokenSigner(secret);
    const old = signer.sign({ playerId: "p_old", name: "Old", issuedAt: Date.now() - 61_000 });
    await expect(client(url, { token: old })).rejects.toMatchObject({ code: "invalid_token", data: { message: expect.stringContaining("expired") } });
    const young = signer.sign({ playerId: "p_young", name: "Young", issuedAt: Date.now() - 59_000 });
    const resumed = await client(url, { token: young });
    expect(resumed.session.playerId).toBe("p_young");
    resumed.socket.disconnect();
  });
});

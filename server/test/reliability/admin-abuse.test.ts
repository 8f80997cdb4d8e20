import { sleep } from "@avalon/testkit";
import { WireSocket } from "@avalon/loadtest";
import { describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { MAX_ROOM_PAGE_SIZE } from "@avalon/protocol";
import { abuseCleanup, withHonestPlayers } from "./support/honest.js";
import { Tally } from "./support/tally.js";

/*
 * Abuse of the admin entrances while five honest players keep asking for their room: password
 * guessing against the admin UI, and a viewer socket asking for the room list as fast as it can.
 */

const tally = new Tally("admin abuse");
const PRODUCTION = {
  NODE_ENV: "production",
  SECRET: "prod-secret-9f8e7d6c5b4a3210",
  ADMIN_TOKEN: "op-token-1a2b3c4d5e6f7a8b",
  VIEWER_TOKEN: "vw-token-8b7a6f5e4d3c2b1a",
  ADMIN_UI_USERNAME: "admin",
  // Cost 10: each check is tens of milliseconds of CPU, as a real deployment's hash costs.
  ADMIN_UI_PASSWORD_HASH: bcrypt.hashSync("right-password-42", 10),
};
const UI = "/socket.io-admin";
const cleanup = abuseCleanup(tally);

async function open(url: string, address: string): Promise<WireSocket> {
  const raw = await WireSocket.open(url, { headers: { "X-Forwarded-For": address } });
  cleanup.push(() => raw.close());
  return raw;
}

/** One admin UI login over a fresh connection from `address`: `ok` or the refusal's code. */
async function login(url: string, address: string, password: string): Promise<string> {
  const raw = await open(url, address);
  const res = await raw.join(UI, { username: "admin", password });
  raw.close();
  return res.ok ? "ok" : res.code;
}

describe("admin UI password guessing", () => {
  it("cuts off a connection after a few guesses and locks the address out, without stalling the node", async () => {
    const run = await withHonestPlayers(tally, PRODUCTION, cleanup);
    const url = run.url;
    // 60 guesses at once over one websocket.
    const one = await open(url, "203.0.113.50");
    for (let i = 0; i < 60; i++) one.send(`40${UI},${JSON.stringify({ username: "admin", password: `wrong-${i}` })}`);
    const cut = await Promise.race([one.closed.then(() => true), sleep(10_000).then(() => false)]);
    const answered = one.received.filter((f) => typeof f === "string" && f.startsWith(`44${UI},`)).length;
    // More guesses from the same address, each on its own connection, then the right password.
    const later: string[] = [];
    for (let i = 0; i < 12; i++) later.push(await login(url, "203.0.113.50", `again-${i}`));
    const rightWhileLocked = await login(url, "203.0.113.50", "right-password-42");
    const otherAddress = await login(url, "198.51.100.77", "right-password-42");
    const p99 = await run.done("admin UI guessing over one connection");
    console.log(`[reliability] admin-ui one connection: cut=${cut} after ${answered} answers; later ${JSON.stringify(later)}; right password while locked -> ${rightWhileLocked}; other address -> ${otherAddress}`);
    await tally.soft("admin UI: a connection is cut off after its attempts", () => {
      expect(cut).toBe(true);
      expect(answered).toBeLessThanOrEqual(3);
    });
    await tally.soft("admin UI: the address is locked out, even with the right password", () => {
      expect(later.filter((c) => c === "rate_limited").length).toBeGreaterThan(0);
      expect(rightWhileLocked).toBe("rate_limited");
      expect(otherAddress).toBe("ok");
    });
    expect(p99).toBeGreaterThan(0);
    tally.rethrow();
  });

  it("checks passwords off the event loop: 60 guesses from 60 addresses leave honest acks alone", async () => {
    const run = await withHonestPlayers(tally, PRODUCTION, cleanup);
    const url = run.url;
    const t0 = Date.now();
    // Four at a time: fewer than the checks the node queues, so every guess is really checked.
    const codes: string[] = [];
    for (let i = 0; i < 60; i += 4) codes.push(...(await Promise.all([0, 1, 2, 3].map((j) => login(url, `10.20.30.${i + j + 1}`, `wrong-${i + j}`)))));
    const ms = Date.now() - t0;
    await run.done("admin UI guessing from 60 addresses");
    const counts = Object.fromEntries([...new Set(codes)].map((c) => [c, codes.filter((x) => x === c).length]));
    console.log(`[reliability] admin-ui 60 addresses: ${JSON.stringify(counts)} in ${ms} ms`);
    await tally.soft("admin UI: every wrong guess checked and refused", () => {
      expect(codes.filter((c) => c === "invalid_credentials")).toHaveLength(60);
    });
    await tally.soft("admin UI: the right password still logs in", async () => {
      expect(await login(url, "198.51.100.78", "right-password-42")).toBe("ok");
    });
    tally.rethrow();
  });
});

describe("admin request floods", () => {
  it("rate-limits a viewer socket's requests and answers room lists at a bounded cost", async () => {
    const run = await withHonestPlayers(tally, { ...PRODUCTION, LIMIT_MAX_ROOMS: "2000", MAX_LOBBIES_PER_ADDRESS: "1000" }, cleanup);
    const url = run.url;
    // 500 open lobbies, from hosts that stay connected.
    const hosts: WireSocket[] = [];
    for (let i = 0; i < 50; i++) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const { raw } = await WireSocket.connect(url, { name: `h${i}-${j}` }, { headers: { "X-Forwarded-For": `10.9.${i}.${j}` } });
          cleanup.push(() => raw.close());
          expect(await raw.request("room:create", [{ options: { maxPlayers: 5 } }])).toMatchObject({ ok: true });
          return raw;
        }),
      );
      hosts.push(...batch);
    }
    const viewer = await open(url, "203.0.113.60");
    expect(await viewer.join("/admin", { token: PRODUCTION.VIEWER_TOKEN })).toEqual({ ok: true });
    run.fromNow();
    const big = await viewer.request<{ ok: boolean; rooms: unknown[]; pageSize?: number; total: number }>("admin:rooms", [{ pageSize: 500 }], 5000, "/admin");
    // 3,000 listings sorted by a live figure, sent as fast as the socket takes them.
    const replies = await Promise.all(
      Array.from({ length: 3000 }, () =>
        Promise.race([
          viewer.request<{ ok: boolean; code?: string }>("admin:rooms", [{ pageSize: 1, sort: "msgsPerSec" }], 10_000, "/admin"),
          viewer.closed.then(() => "closed" as const),
        ]).catch(() => "lost" as const),
      ),
    );
    await run.done("admin room-list flood");
    const limited = replies.filter((r) => typeof r === "object" && r.code === "rate_limited").length;
    const ok = replies.filter((r) => typeof r === "object" && r.ok).length;
    const cut = !viewer.isOpen;
    console.log(`[reliability] admin room-list flood: ${ok} answered, ${limited} rate_limited, viewer cut off: ${cut}; first page of ${big.rooms?.length} (asked 500) of ${big.total}`);
    await tally.soft("admin flood: requests beyond the socket's rate refused, then the socket cut off", () => {
      expect(ok).toBeLessThanOrEqual(100);
      expect(limited).toBeGreaterThan(0);
      expect(cut).toBe(true);
    });
    await tally.soft("admin flood: page size capped", () => {
      expect(big.total).toBeGreaterThanOrEqual(500);
      expect(big.rooms.length).toBe(MAX_ROOM_PAGE_SIZE);
      expect(big.pageSize).toBe(MAX_ROOM_PAGE_SIZE);
    });
    await tally.soft("admin flood: a fresh viewer socket is answered", async () => {
      const again = await open(url, "203.0.113.61");
      expect(await again.join("/admin", { token: PRODUCTION.VIEWER_TOKEN })).toEqual({ ok: true });
      expect(await again.request("admin:rooms", [{ pageSize: 5 }], 5000, "/admin")).toMatchObject({ ok: true });
    });
    hosts.length = 0;
    tally.rethrow();
  });

  it("counts unknown admin events and events without an ack against the same budget", async () => {
    const run = await withHonestPlayers(tally, PRODUCTION, cleanup);
    const viewer = await open(run.url, "203.0.113.62");
    expect(await viewer.join("/admin", { token: PRODUCTION.VIEWER_TOKEN })).toEqual({ ok: true });
    for (let i = 0; i < 2000; i++) viewer.send(`42/admin,["nonsense:event",{"i":${i}}]`);
    const cut = await Promise.race([viewer.closed.then(() => true), sleep(5000).then(() => false)]);
    await run.done("admin unknown-event flood");
    await tally.soft("admin flood: unknown events without ack cut the socket off", () => expect(cut).toBe(true));
    tally.rethrow();
  });
});

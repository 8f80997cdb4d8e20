import { WireSocket } from "@avalon/loadtest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_ERROR_CODES, TRANSPORT_ERROR_CODES, type Ack } from "@avalon/protocol";
import { ConfigError, loadConfig } from "../../src/config.js";
import { REPO, spawnNode } from "@avalon/testkit";
import { abuseCleanup, withHonestPlayers } from "./support/honest.js";
import { Tally } from "./support/tally.js";

/*
 * What a third-party client or an operator can get wrong at the door: origins a deployment did not
 * allow, weak production settings, names that pass for other names, and the protocol document
 * saying something the server does not do.
 */

const tally = new Tally("handshake abuse");
const cleanup = abuseCleanup(tally);

/** The HTTP status of a websocket upgrade (101 when it opened) and of a polling handshake. */
async function upgradeStatus(url: string, origin: string | null): Promise<number> {
  const raw = await WireSocket.open(url, { headers: origin ? { Origin: origin } : {} }).catch((err: { status?: number }) => err.status ?? 0);
  if (typeof raw === "number") return raw;
  raw.close();
  return 101;
}

async function pollingHandshake(url: string, origin: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: origin } });
  return { status: res.status, body: await res.text() };
}

describe("CORS_ORIGIN on websocket upgrades", () => {
  it("refuses an upgrade from an origin that is not allowed with 403, on every namespace", async () => {
    const run = await withHonestPlayers(tally, { CORS_ORIGIN: "https://good.example" }, cleanup);
    const url = run.url;
    const evil: number[] = [];
    for (let i = 0; i < 150; i++) evil.push(await upgradeStatus(url, "https://evil.example"));
    const good = await upgradeStatus(url, "https://good.example");
    const none = await upgradeStatus(url, null);
    const polling = await pollingHandshake(url, "https://evil.example");
    // A namespace join needs an open connection first: no upgrade, no `/admin` either.
    const admin = await WireSocket.open(url, { headers: { Origin: "https://evil.example" } }).then(
      (raw) => raw.join("/admin", { token: "x" }).finally(() => raw.close()),
      (err: { status?: number }) => err.status,
    );
    await run.done("upgrades from a foreign origin");
    console.log(`[reliability] handshake origin: evil upgrades ${JSON.stringify([...new Set(evil)])} x${evil.length}, good ${good}, no Origin ${none}, polling ${polling.status} ${polling.body}, /admin ${JSON.stringify(admin)}`);
    await tally.soft("origin: a foreign origin's upgrade gets 403", () => {
      expect(new Set(evil)).toEqual(new Set([403]));
      expect(admin).toBe(403);
      expect(polling.status).toBe(403);
      expect(JSON.parse(polling.body)).toMatchObject({ code: "origin_not_allowed" });
    });
    await tally.soft("origin: the allowed origin and non-browser clients connect", () => {
      expect(good).toBe(101);
      expect(none).toBe(101);
    });
    tally.rethrow();
  });
});

describe("weak production configuration", () => {
  const strong = { NODE_ENV: "production", SECRET: "k7Qp2xW9mZr4Tb8N", ADMIN_TOKEN: "op-H3n8Vd2Lq9Xc5R", VIEWER_TOKEN: "vw-P6t1Gy7Ks4Mb2W" };
  const refusedFor = (env: Record<string, string>): string | null => {
    try {
      loadConfig(env);
      return null;
    } catch (err) {
      return err instanceof ConfigError ? err.variable : `other: ${(err as Error).message}`;
    }
  };

  it("refuses whitespace, low-variety and reused secrets", async () => {
    await tally.case("config: a strong production set starts", () => expect(refusedFor(strong)).toBeNull());
    for (const name of ["SECRET", "ADMIN_TOKEN", "VIEWER_TOKEN"] as const) {
      for (const [what, value] of [
        ["sixteen spaces", " ".repeat(16)],
        ["one letter sixteen times", "a".repeat(16)],
        ["two letters alternating", "ab".repeat(12)],
        ["a space inside", "k7Qp2xW9 mZr4Tb8N"],
        ["a tab at the end", "k7Qp2xW9mZr4Tb8N\t"],
        ["too short", "k7Qp2xW9"],
      ] as const) {
        await tally.case(`config: ${name} ${what}`, () => expect(refusedFor({ ...strong, [name]: value })).toBe(name));
      }
    }
    await tally.case("config: SECRET equal to ADMIN_TOKEN", () => expect(refusedFor({ ...strong, ADMIN_TOKEN: strong.SECRET })).toBe("ADMIN_TOKEN"));
    await tally.case("config: SECRET equal to VIEWER_TOKEN", () => expect(refusedFor({ ...strong, VIEWER_TOKEN: strong.SECRET })).toBe("VIEWER_TOKEN"));
  });

  it("stops on an unknown NODE_ENV with a message naming it", async () => {
    for (const value of ["PRODUCTION", " production", "prod", "Production"]) {
      await tally.case(`config: NODE_ENV=${JSON.stringify(value)}`, () => expect(refusedFor({ NODE_ENV: value })).toBe("NODE_ENV"));
    }
    await tally.case("config: a node process with NODE_ENV=prod exits, naming the value", async () => {
      const node = await spawnNode({ NODE_ENV: "prod" }, { waitReady: false });
      expect(await node.exited).toBe(2);
      expect(node.output()).toMatch(/NODE_ENV: unknown value "prod"/);
      expect(node.output()).not.toMatch(/token/i);
    });
  });
});

describe("player names", () => {
  it("refuses names that pass for other names and normalises the rest", async () => {
    const run = await withHonestPlayers(tally, {}, cleanup);
    const url = run.url;
    const bad = ["Ann\u200b", "\u200b\u200b\u200b", "An\u0000n", "Ann\n", "\u202eevil", "A\u2066nn\u2069", "\ud800Ann", "\u3164", "x".repeat(25)];
    const results: Record<string, string> = {};
    for (let round = 0; round < 20; round++) {
      for (const [i, name] of bad.entries()) {
        const code = await WireSocket.connect(url, { name }, { headers: { "X-Forwarded-For": `10.7.${round}.${i}` } }).then(
          ({ raw }) => {
            raw.close();
            return "ok";
          },
          (err: { code?: string }) => err.code ?? "error",
        );
        results[JSON.stringify(name)] = code;
      }
    }
    const fine = await WireSocket.connect(url, { name: "  Zoe\u0301 " });
    cleanup.push(() => fine.raw.close());
    const session = fine.raw.received.map((f) => String(f)).find((f) => f.startsWith('42["session"'));
    const wide = await WireSocket.connect(url, { name: "🦊".repeat(24) }).then(({ raw }) => (raw.close(), "ok"), (err: { code?: string }) => err.code);
    await run.done("bad names");
    console.log(`[reliability] handshake names: ${JSON.stringify(results)}`);
    await tally.soft("names: control, bidi, invisible, lone surrogate and over-long names refused", () => {
      for (const name of bad) expect(results[JSON.stringify(name)], JSON.stringify(name)).toBe("bad_request");
    });
    await tally.soft("names: NFC and trimmed; length counted as seen", () => {
      expect(session).toContain('"name":"Zoé"');
      expect(wide).toBe("ok");
    });
    tally.rethrow();
  });
});

describe("the protocol document", () => {
  const doc = readFileSync(path.join(REPO, "docs/PROTOCOL.md"), "utf8");

  it("lists exactly the error codes the server can send", async () => {
    await tally.case("doc: error tables equal the protocol's codes", () => {
      const rows = new Set([...doc.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1] as string));
      for (const code of [...ENGINE_ERROR_CODES, ...TRANSPORT_ERROR_CODES]) expect(rows.has(code), code).toBe(true);
      // The one code the document listed that the server never sent.
      expect(rows.has("not_spectator_allowed")).toBe(false);
    });
  });

  it("says what spectating answers, and the server does it", async () => {
    const run = await withHonestPlayers(tally, {}, cleanup);
    const url = run.url;
    const other = await WireSocket.connect(url, { name: "other-host" });
    cleanup.push(() => other.raw.close());
    const otherRoom = await other.raw.request<Ack<{ roomId: string }>>("room:create", [{ options: { maxPlayers: 5 } }]);
    await tally.case("doc: spectate is listed with already_in_room", () => {
      const spectate = doc.slice(doc.indexOf("- **Spectate.**"), doc.indexOf("- **Seat.**"));
      expect(spectate).toContain("already_in_room");
      expect(doc).not.toContain("not_spectator_allowed");
    });
    const seated = run.bots[0];
    const elsewhere = otherRoom.ok && seated ? await seated.request("room:spectate", { roomId: otherRoom.roomId }) : null;
    const own = seated ? await seated.request("room:spectate", { roomId: run.roomId }) : null;
    await run.done("spectate while playing");
    await tally.soft("server: spectating another room while playing answers already_in_room", () => {
      expect(elsewhere).toMatchObject({ ok: false, code: "already_in_room" });
    });
    await tally.soft("server: spectating the room you sit in answers with your snapshot", () => {
      expect(own).toMatchObject({ ok: true, snapshot: { roomId: run.roomId } });
      expect((own as { snapshot?: { view: { private: unknown } } }).snapshot?.view.private).not.toBeNull();
    });
    tally.rethrow();
  });
});

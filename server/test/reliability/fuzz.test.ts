import { WireSocket } from "@avalon/loadtest";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bot } from "@avalon/loadtest";
import { startNode, stopAll } from "@avalon/testkit";
import type { AvalonNode } from "../../src/node.js";
import { CLIENT_EVENTS, clientSchemas } from "@avalon/protocol";
import { fuzzCase, isValid, validPayload } from "./support/arbitraries.js";
import { heapAfterGc, isWellFormedAck, nodeStillServes } from "./support/checks.js";
import { closeAll, roomVersion, roomWithRawMember } from "./support/games.js";
import { Tally } from "./support/tally.js";

/*
 * Generated payloads for every client event, sent over hand-written frames by a seated member
 * and by a stranger. Each must be answered with a well-formed ack (bad_request for anything the
 * schema refuses), and none may change the watched game or the node.
 */

const tally = new Tally("bad input (fuzzed payloads and frames)");
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
let url = "";
let node: AvalonNode;
let bots: Bot[] = [];
let roomId = "";
let member: WireSocket;
let memberToken = "";
let stranger: WireSocket;
let version = 0;

beforeAll(async () => {
  ({ url, node } = await startNode({
    LIMIT_EVENTS_PER_SECOND: "10000",
    LIMIT_EVENT_BURST: "100000",
    LIMIT_CONNECTIONS_PER_IP_PER_MINUTE: "100000",
  }));
  ({ bots, roomId, member, memberToken } = await roomWithRawMember(url));
  stranger = (await WireSocket.connect(url, { name: "stranger" })).raw;
  version = await roomVersion(bots[0] as Bot, roomId);
});

afterAll(async () => {
  closeAll(bots);
  member?.close();
  stranger?.close();
  await stopAll();
  tally.print();
});

/** The member's socket, reconnected with its token if a case closed it. */
async function memberSocket(): Promise<WireSocket> {
  if (!member.isOpen) member = (await WireSocket.connect(url, { token: memberToken })).raw;
  return member;
}

async function strangerSocket(): Promise<WireSocket> {
  if (!stranger.isOpen) stranger = (await WireSocket.connect(url, { name: "stranger" })).raw;
  return stranger;
}

describe("the generators", () => {
  it("build valid payloads with exactly the fields of each event's schema", () => {
    for (const event of CLIENT_EVENTS) {
      const samples = fc.sample(validPayload(event, ["ABCDEF"], ["p_a", "p_b"]), { numRuns: 200, seed: 7 });
      expect(samples.filter((p) => !isValid(event, p)), event).toEqual([]);
      const seen = new Set(samples.flatMap((p) => Object.keys(p)));
      const shape = Object.keys((clientSchemas[event] as unknown as { shape: Record<string, unknown> }).shape);
      // A field added to a schema without a generator here would never be fuzzed.
      expect([...seen].sort(), event).toEqual([...shape].sort());
    }
  });
});

describe("fuzzed payloads over every client event", () => {
  it(`answers ${RUNS} generated requests with a well-formed ack and leaves the game untouched`, async () => {
    const players = bots.map((b) => b.session?.playerId as string);
    const problems: string[] = [];
    let sent = 0;
    let ok = 0;
    const heapBefore = heapAfterGc();
    await fc.assert(
      fc.asyncProperty(fuzzCase([roomId], players), async ({ event, args, asMember }) => {
        const valid = args.length === 1 && isValid(event, args[0]);
        // A member's valid request may be a legal move; the stranger's valid requests must all be refused
        // except spectating or creating, which change other state on purpose.
        if (valid && asMember) return;
        if (valid && (event === "room:spectate" || event === "room:create")) return;
        const sock = asMember ? await memberSocket() : await strangerSocket();
        sent++;
        const reply = await sock.requestOrClose(event, args, 3000).catch((err: Error) => err.message);
        const code = (reply as { code?: string })?.code;
        const good = reply !== "closed" && isWellFormedAck(reply) && (valid ? (reply as { ok: boolean }).ok === false || event === "presence:typing" : code === "bad_request" || code === "payload_too_large");
        if (good) ok++;
        else if (problems.length < 20) problems.push(`${event} ${JSON.stringify(args).slice(0, 160)} -> ${JSON.stringify(reply).slice(0, 160)}`);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20240601) },
    );
    const heapGrowthMb = (heapAfterGc() - heapBefore) / 1048576;
    tally.bulk(sent, ok, "generated requests");
    tally.count("generated_requests", sent);
    console.log(`[reliability] fuzz: ${sent} requests sent, ${ok} answered as expected, heap growth ${heapGrowthMb.toFixed(1)} MiB`);
    expect(problems).toEqual([]);
    await tally.case("fuzz: heap bounded", () => expect(heapGrowthMb).toBeLessThan(10));
    await tally.case("fuzz: watched room unchanged", async () => expect(await roomVersion(bots[2] as Bot, roomId)).toBe(version));
  }, 120_000);
});

describe("fuzzed frames", () => {
  it("closes or ignores every generated frame and keeps serving", async () => {
    const frameArb = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 200, unit: "binary" }),
      fc.tuple(fc.constantFrom("4", "40", "41", "42", "43", "44", "45", "46", "2", "3", "5", "6", "1", "0"), fc.string({ maxLength: 120 })).map(([p, s]) => p + s),
      fc.tuple(fc.constantFrom("42", "421", "43", "4599-", "451-", "42/admin,", "42/,"), fc.jsonValue({ maxDepth: 4 })).map(([p, j]) => p + JSON.stringify(j)),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    );
    let n = 0;
    let ok = 0;
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(frameArb, async (frame) => {
        n++;
        const raw = (await WireSocket.connect(url, { name: "frames" })).raw;
        raw.send(frame);
        // A probe after the frame: answered means the frame was ignored or answered; closed is a clean refusal.
        const probe = await raw.requestOrClose("room:sync", [{ roomId: "QQQQ" }], 2000).catch(() => "no answer");
        raw.close();
        if (probe === "closed" || (probe as { code?: string }).code === "room_not_found") ok++;
        else if (problems.length < 10) problems.push(`${JSON.stringify(typeof frame === "string" ? frame : frame.toString("hex")).slice(0, 100)} -> ${JSON.stringify(probe)}`);
      }),
      { numRuns: Number(process.env.FUZZ_FRAME_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 20240601) },
    );
    tally.bulk(n, ok, "generated frames");
    tally.count("generated_frames", n);
    expect(problems).toEqual([]);
    const served = await nodeStillServes(url);
    await tally.case("fuzz: node still serving", () => expect(served).toEqual({ healthy: true, gameOk: true, violations: [] }));
    await tally.case("fuzz: watched room unchanged after frames", async () => expect(await roomVersion(bots[3] as Bot, roomId)).toBe(version));
    expect(node.io.of("/").sockets.size).toBeLessThan(20);
  }, 120_000);
});

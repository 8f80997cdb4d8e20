import { afterAll, describe, expect, it } from "vitest";
import { playGame } from "@avalon/loadtest";
import type { PublicRoomView } from "@avalon/protocol";
import { startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

const CONFIGS: [string, Record<string, string>, "json" | "msgpack"][] = [
  ["JSON patches", {}, "json"],
  ["JSON snapshots", { STATE_SYNC: "snapshot" }, "json"],
  ["msgpack patches", { WIRE_PARSER: "msgpack" }, "msgpack"],
  ["JSON patches with permessage-deflate", { PER_MESSAGE_DEFLATE: "true", DEFLATE_THRESHOLD_BYTES: "256" }, "json"],
];

/** The final state with player ids replaced by seat numbers and keys sorted (vote arrival order differs between runs). */
function normalize(view: PublicRoomView): string {
  let text = JSON.stringify({ ...view, roomId: "" });
  view.players.forEach((p, i) => (text = text.split(p.id).join(`#seat${i}`)));
  return JSON.stringify(JSON.parse(text), (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

describe("wire encodings", () => {
  for (const [name, env, parser] of CONFIGS) {
    it(`plays a full 10-player game over ${name}`, async () => {
      const { url } = await startNode(env);
      const res = await playGame({ urls: [url], players: 10, parser });
      expect(res.violations).toEqual([]);
      expect(res.errors).toEqual([]);
    });
  }

  it("ends the same seeded games in the same states under every encoding", async () => {
    const finals: string[][] = [];
    for (const [, env, parser] of CONFIGS) {
      const { url } = await startNode({ ...env, ROOM_SEED: "same-games" });
      const states: string[] = [];
      for (const players of [5, 7, 10]) {
        const res = await playGame({ urls: [url], players, parser, seed: `bots-${players}` });
        expect(res.violations).toEqual([]);
        states.push(normalize(res.view));
      }
      finals.push(states);
    }
    for (const f of finals.slice(1)) expect(f).toEqual(finals[0]);
  }, 60_000);
});

import { isDeepStrictEqual } from "node:util";
import type { PublicRoomView } from "@avalon/protocol";
import { playGame } from "../bot/game-runner.js";
import { startServer, withServer } from "./processes.js";

/**
 * The public views one seat saw, in order, over seeded games of 5 to 10 players played on the
 * built server: consecutive pairs are exactly what the server diffs for `room:patch`.
 * Changes that left the public view as it was (a private view moved) are not pairs the server diffs.
 */
export async function recordViewPairs(gamesPerCount: number): Promise<[PublicRoomView, PublicRoomView][]> {
  const pairs: [PublicRoomView, PublicRoomView][] = [];
  await withServer(
    () => startServer({ ROOM_SEED: "bench-libraries", NODE_ID: "bench-0" }),
    async (server) => {
      for (let k = 0; k < gamesPerCount; k++) {
        for (let players = 5; players <= 10; players++) {
          const views: PublicRoomView[] = [];
          await playGame({
            urls: [server.url],
            players,
            seed: `libraries-${players}-${k}`,
            onStarted: (bots) => {
              bots[0]?.client.on("change", (v) => {
                const last = views[views.length - 1];
                if (!last || !isDeepStrictEqual(last, v.public)) views.push(structuredClone(v.public));
              });
            },
          });
          for (let i = 1; i < views.length; i++) pairs.push([views[i - 1] as PublicRoomView, views[i] as PublicRoomView]);
        }
      }
    },
  );
  return pairs;
}

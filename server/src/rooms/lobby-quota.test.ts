import { describe, expect, it } from "vitest";
import { LobbyQuota } from "./lobby-quota.js";

describe("LobbyQuota", () => {
  it("holds an address to its limit, concurrent reservations included", async () => {
    const quota = new LobbyQuota({ max: () => 2, isOpenLobby: async () => true });
    const reservations = await Promise.all([quota.reserve("a"), quota.reserve("a"), quota.reserve("a")]);
    expect(reservations.filter(Boolean)).toHaveLength(2);
    expect(await quota.reserve("b")).not.toBeNull();
  });

  it("gives a reservation back when no room was made", async () => {
    const quota = new LobbyQuota({ max: () => 1, isOpenLobby: async () => true });
    (await quota.reserve("a"))?.(null);
    expect(await quota.reserve("a")).not.toBeNull();
  });

  it("stops counting lobbies that started or closed", async () => {
    const open = new Set(["R1", "R2"]);
    const quota = new LobbyQuota({ max: () => 2, isOpenLobby: async (id) => open.has(id) });
    (await quota.reserve("a"))?.("R1");
    (await quota.reserve("a"))?.("R2");
    expect(await quota.reserve("a")).toBeNull();
    open.delete("R1");
    expect(await quota.reserve("a")).not.toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { INITIAL_ROOM_TABLE, clampPage, normaliseRoomSearch, pageCount, roomFromHash, roomHref, startsDescending, toRoomQuery } from "./room-query";

describe("toRoomQuery", () => {
  it("asks for active rooms by default and leaves out empty filters", () => {
    expect(toRoomQuery(INITIAL_ROOM_TABLE)).toEqual({ page: 0, pageSize: 50, sort: "ageSec", desc: true, status: "active" });
    expect(toRoomQuery({ ...INITIAL_ROOM_TABLE, status: "" })).not.toHaveProperty("status");
  });

  it("sends the phase and a normalised search", () => {
    const q = toRoomQuery({ ...INITIAL_ROOM_TABLE, phase: "quest", search: " ab-12 " });
    expect(q).toMatchObject({ phase: "quest", search: "AB12" });
  });
});

describe("normaliseRoomSearch", () => {
  it("keeps at most sixteen code characters", () => {
    expect(normaliseRoomSearch("abcdefghijklmnopqrstu")).toBe("ABCDEFGHIJKLMNOP");
  });
});

describe("paging", () => {
  it("counts at least one page", () => expect(pageCount(0, 50)).toBe(1));
  it("rounds partial pages up", () => expect(pageCount(101, 50)).toBe(3));
  it("pulls a page past the end back to the last page", () => expect(clampPage(9, 60, 50)).toBe(1));
});

describe("startsDescending", () => {
  it("sorts room codes A to Z first", () => expect(startsDescending("roomId")).toBe(false));
  it("sorts numbers largest first", () => expect(startsDescending("msgsPerSec")).toBe(true));
});

describe("room links", () => {
  it("round-trips a room code through the address", () => {
    expect(roomFromHash(roomHref("K3X9AB"))).toBe("K3X9AB");
    expect(roomHref(null)).toBe("#/rooms");
    expect(roomFromHash("#/rooms")).toBeNull();
    expect(roomFromHash("#/rooms/<script>")).toBeNull();
  });
});

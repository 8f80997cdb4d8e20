import { describe, expect, it } from "vitest";
import { checkPlayerName, NAME_MAX_GRAPHEMES } from "./player-name.js";
import { gameAuthSchema } from "./schemas.js";

const refused = (name: string) => expect(checkPlayerName(name).ok, JSON.stringify(name)).toBe(false);
const accepted = (name: string, as = name) => expect(checkPlayerName(name)).toEqual({ ok: true, name: as });

describe("player names", () => {
  it("refuses control characters, lone surrogates and line breaks", () => {
    for (const name of ["An\u0000n", "Ann\n", "A\nB", "Ann\u0007", "Ann\uD800", "\uDC00Ann", "A\u2028B"]) refused(name);
  });

  it("refuses bidirectional overrides and isolates", () => {
    for (const name of ["\u202EnnA", "Ann\u202D", "A\u2066nn\u2069", "\u200FAnn"]) refused(name);
  });

  it("refuses a name that looks like another through an invisible character", () => {
    for (const name of ["Ann\u200B", "An\u2060n", "\uFEFFAnn", "A\u00ADnn", "Ann\u200D"]) refused(name);
  });

  it("refuses names with nothing visible", () => {
    for (const name of ["\u200B\u200B", "   ", "\u3164", "\u2800\u2800", "\u0301\u0301"]) refused(name);
  });

  it("normalises to NFC and trims", () => {
    accepted("  Zoe\u0301 ", "Zoé");
    expect(checkPlayerName("Zoe\u0301")).toEqual(checkPlayerName("Zoé"));
  });

  it("bounds the length by what a person sees, and the code units too", () => {
    accepted("x".repeat(NAME_MAX_GRAPHEMES));
    refused("x".repeat(NAME_MAX_GRAPHEMES + 1));
    accepted("👨‍👩‍👧".repeat(10));
    accepted("é".normalize("NFD").repeat(10), "é".repeat(10));
    refused("a" + "\u0301".repeat(140));
  });

  it("keeps ordinary names of every script", () => {
    for (const name of ["Ann", "Zoë", "Анна", "李雷", "سارة", "Jean-Luc", "O'Brien", "🦊 fox"]) accepted(name);
  });

  it("is what the handshake schema applies", () => {
    expect(gameAuthSchema.safeParse({ name: "Ann\u200B" }).success).toBe(false);
    expect(gameAuthSchema.parse({ name: " Zoe\u0301" })).toMatchObject({ name: "Zoé" });
  });
});

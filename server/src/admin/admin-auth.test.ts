import { describe, expect, it } from "vitest";
import { AdminTokens, parseIdentities } from "./admin-auth.js";

describe("named admin identities", () => {
  it("reads role:name:token entries separated by commas and lines, skipping comments", () => {
    const parsed = parseIdentities("operator:alice:alice-token-0123456789\n# ops\nviewer:carol:carol-token-0123456789, operator:bob:bob-token-0123456789abc");
    expect(parsed.ok && parsed.identities.map((i) => `${i.role}:${i.name}`)).toEqual(["operator:alice", "viewer:carol", "operator:bob"]);
  });

  it("refuses an unknown role, a short token and a malformed entry, naming the entry", () => {
    expect(parseIdentities("admin:alice:alice-token-0123456789")).toMatchObject({ ok: false, message: expect.stringContaining("role") });
    expect(parseIdentities("operator:alice:short")).toMatchObject({ ok: false, message: expect.stringContaining("16") });
    expect(parseIdentities("operator-alice")).toMatchObject({ ok: false, message: expect.stringContaining("entry 1") });
  });

  it("names the holder of each token and refuses near misses", () => {
    const parsed = parseIdentities("operator:alice:alice-token-0123456789,viewer:carol:carol-token-0123456789");
    if (!parsed.ok) throw new Error(parsed.message);
    const tokens = new AdminTokens("admin-token-0123456789", "viewer-token-0123456789", parsed.identities);
    expect(tokens.roleOf("alice-token-0123456789")).toEqual({ role: "operator", tokenName: "alice" });
    expect(tokens.roleOf("carol-token-0123456789")).toEqual({ role: "viewer", tokenName: "carol" });
    expect(tokens.roleOf("admin-token-0123456789")).toEqual({ role: "operator", tokenName: "ADMIN_TOKEN" });
    expect(tokens.roleOf("alice-token-012345678")).toBeNull();
    expect(tokens.roleOf(42)).toBeNull();
  });

  it("refuses two identities sharing a token", () => {
    expect(() => new AdminTokens("same-token-0123456789", "viewer-token-0123456789", [{ role: "viewer", name: "x", token: "same-token-0123456789" }])).toThrow(/another identity/);
  });
});

import { describe, expect, it } from "vitest";
import { TokenSigner } from "./tokens.js";

describe("TokenSigner", () => {
  const signer = new TokenSigner("a-secret-of-sufficient-length");
  const claims = { playerId: "p_1", name: "Ann", issuedAt: 1 };

  it("verifies a token it signed", () => {
    expect(signer.verify(signer.sign(claims))).toEqual(claims);
  });

  it("refuses a token whose claims were changed", () => {
    const [, mac] = signer.sign(claims).split(".");
    const forged = Buffer.from(JSON.stringify({ p: "p_2", n: "Ann", i: 1 })).toString("base64url");
    expect(signer.verify(`${forged}.${mac}`)).toBeNull();
  });

  it("refuses a token signed with another secret", () => {
    expect(signer.verify(new TokenSigner("another-secret-of-length").sign(claims))).toBeNull();
  });

  it("refuses garbage", () => {
    for (const t of ["", ".", "a.b.c", "abc", "é.é"]) expect(signer.verify(t)).toBeNull();
  });

  it("accepts a token up to its time to live and refuses it as expired after", () => {
    const expiring = new TokenSigner("a-secret-of-sufficient-length", 1000);
    const token = expiring.sign({ playerId: "p_1", name: "Ann", issuedAt: 5000 });
    expect(expiring.check(token, 6000)).toEqual({ ok: true, claims: { playerId: "p_1", name: "Ann", issuedAt: 5000 } });
    expect(expiring.check(token, 6001)).toEqual({ ok: false, reason: "expired" });
  });

  it("tells a forged token from an expired one", () => {
    const expiring = new TokenSigner("a-secret-of-sufficient-length", 1000);
    expect(expiring.check(new TokenSigner("another-secret-of-length").sign(claims), 1)).toEqual({ ok: false, reason: "invalid" });
  });
});

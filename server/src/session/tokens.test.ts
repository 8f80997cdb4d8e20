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
});

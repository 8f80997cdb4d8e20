import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PlayerId } from "@avalon/protocol";

export interface SessionClaims {
  playerId: PlayerId;
  name: string;
  issuedAt: number;
}

export type TokenCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: "invalid" | "expired" };

/**
 * Resume tokens: `base64url(claims).base64url(hmac-sha256(secret, claims))`. A token is good for
 * `ttlMs` after it was issued: a leaked one stops working, and a live client never notices,
 * since every connection hands it a fresh token.
 */
export class TokenSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
  ) {}

  /** Signature, shape and age; `now` is passed in so the check is pure to test. */
  check(token: string, now: number): TokenCheck {
    const claims = this.verify(token);
    if (!claims) return { ok: false, reason: "invalid" };
    // Nodes' clocks differ a little, so a token issued "in the future" by another node is fine.
    if (now - claims.issuedAt > this.ttlMs) return { ok: false, reason: "expired" };
    return { ok: true, claims };
  }

  sign(claims: SessionClaims): string {
    const body = Buffer.from(JSON.stringify({ p: claims.playerId, n: claims.name, i: claims.issuedAt })).toString("base64url");
    return `${body}.${this.mac(body)}`;
  }

  /** Signature and shape only. */
  verify(token: string): SessionClaims | null {
    const dot = token.indexOf(".");
    if (dot <= 0 || dot !== token.lastIndexOf(".")) return null;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), "base64url");
    const expected = Buffer.from(this.mac(body), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { p?: unknown; n?: unknown; i?: unknown };
      if (typeof raw.p !== "string" || typeof raw.n !== "string" || typeof raw.i !== "number") return null;
      return { playerId: raw.p, name: raw.n, issuedAt: raw.i };
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac("sha256", this.secret).update(body).digest("base64url");
  }
}

export function newPlayerId(): PlayerId {
  return `p_${randomBytes(9).toString("base64url").replace(/-/g, "x")}`;
}

import { createHash, timingSafeEqual } from "node:crypto";
import type { AdminRole } from "@avalon/protocol";

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

/** Compares a presented token with the configured ones in constant time (hashes level the lengths). */
export class AdminTokens {
  private readonly operator: Buffer;
  private readonly viewer: Buffer;

  constructor(operatorToken: string, viewerToken: string) {
    this.operator = digest(operatorToken);
    this.viewer = digest(viewerToken);
  }

  roleOf(token: unknown): { role: AdminRole; tokenName: string } | null {
    if (typeof token !== "string" || token.length === 0 || token.length > 512) return null;
    const d = digest(token);
    const isOperator = timingSafeEqual(d, this.operator);
    const isViewer = timingSafeEqual(d, this.viewer);
    if (isOperator) return { role: "operator", tokenName: "ADMIN_TOKEN" };
    if (isViewer) return { role: "viewer", tokenName: "VIEWER_TOKEN" };
    return null;
  }
}

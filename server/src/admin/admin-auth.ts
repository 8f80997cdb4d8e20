import { createHash, timingSafeEqual } from "node:crypto";
import type { AdminRole } from "@avalon/protocol";

/** A named holder of an admin token. */
export interface AdminIdentity {
  role: AdminRole;
  name: string;
  token: string;
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/**
 * Reads `role:name:token` entries, one per line or separated by commas (blank lines and `#`
 * comments are skipped). Returns the identities or the first problem, in words.
 */
export function parseIdentities(text: string): { ok: true; identities: AdminIdentity[] } | { ok: false; message: string } {
  const identities: AdminIdentity[] = [];
  const entries = text
    .split(/[\n,]/)
    .map((e) => e.trim())
    .filter((e) => e !== "" && !e.startsWith("#"));
  for (const [i, entry] of entries.entries()) {
    const first = entry.indexOf(":");
    const second = entry.indexOf(":", first + 1);
    if (first < 0 || second < 0) return { ok: false, message: `entry ${i + 1}: expected role:name:token` };
    const role = entry.slice(0, first);
    const name = entry.slice(first + 1, second);
    const token = entry.slice(second + 1);
    if (role !== "operator" && role !== "viewer") return { ok: false, message: `entry ${i + 1}: role must be operator or viewer, got "${role}"` };
    if (!NAME.test(name)) return { ok: false, message: `entry ${i + 1}: name must be 1-64 letters, digits or ._@-` };
    if (token.length < 16) return { ok: false, message: `entry ${i + 1} (${name}): token must be at least 16 characters` };
    identities.push({ role, name, token });
  }
  return { ok: true, identities };
}

/**
 * Finds who presented a token: one hash of the presented token, a map lookup by that hash, and a
 * constant-time comparison of the digests. The cost is the same for one identity or a hundred.
 */
export class AdminTokens {
  private readonly byDigest = new Map<string, { digest: Buffer; role: AdminRole; tokenName: string }>();

  constructor(operatorToken: string, viewerToken: string, identities: readonly AdminIdentity[] = []) {
    const all: AdminIdentity[] = [
      { role: "operator", name: "ADMIN_TOKEN", token: operatorToken },
      { role: "viewer", name: "VIEWER_TOKEN", token: viewerToken },
      ...identities,
    ];
    for (const id of all) {
      const d = digest(id.token);
      const key = d.toString("hex");
      if (this.byDigest.has(key)) throw new Error(`admin token of ${id.name} is also another identity's token`);
      this.byDigest.set(key, { digest: d, role: id.role, tokenName: id.name });
    }
  }

  roleOf(token: unknown): { role: AdminRole; tokenName: string } | null {
    if (typeof token !== "string" || token.length === 0 || token.length > 512) return null;
    const d = digest(token);
    const found = this.byDigest.get(d.toString("hex"));
    if (!found || !timingSafeEqual(d, found.digest)) return null;
    return { role: found.role, tokenName: found.tokenName };
  }
}

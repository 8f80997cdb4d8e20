import { describe, expect, it } from "vitest";
import { clearToken, loadToken, saveToken } from "./token-storage";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe("token storage", () => {
  it("returns a saved token", () => {
    const s = memoryStorage();
    saveToken("op-token", s);
    expect(loadToken(s)).toBe("op-token");
  });

  it("forgets the token on clear", () => {
    const s = memoryStorage();
    saveToken("op-token", s);
    clearToken(s);
    expect(loadToken(s)).toBeNull();
  });

  it("treats a blank token as none", () => {
    const s = memoryStorage();
    saveToken("  ", s);
    expect(loadToken(s)).toBeNull();
  });
});

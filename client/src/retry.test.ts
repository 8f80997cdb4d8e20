import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_RETRY, shouldReconnect, shouldResend } from "./retry.js";

describe("retry policy", () => {
  it("resends an answer that may hide an applied change only when the request carries an action id", () => {
    expect(shouldResend("outcome_unknown", true)).toBe(true);
    expect(shouldResend("timeout", true)).toBe(true);
    expect(shouldResend("outcome_unknown", false)).toBe(false);
    expect(shouldResend("timeout", false)).toBe(false);
  });

  it("resends answers that say nothing changed, with or without an action id", () => {
    for (const code of ["unavailable", "conflict", "disconnected"]) {
      expect(shouldResend(code, true)).toBe(true);
      expect(shouldResend(code, false)).toBe(true);
    }
  });

  it("never resends a game-rule refusal or a bad request", () => {
    for (const code of ["wrong_phase", "not_leader", "bad_request", "stale_version"]) expect(shouldResend(code, true)).toBe(false);
  });

  it("reconnects after busy, full, draining and transport failures but not after a refused token or auth", () => {
    for (const code of ["server_busy", "server_full", "draining", "rate_limited", "transport_error", "http_503"]) expect(shouldReconnect(code)).toBe(true);
    for (const code of ["invalid_token", "bad_request", "origin_not_allowed", "http_403"]) expect(shouldReconnect(code)).toBe(false);
  });

  it("backs off between half and all of a doubling ceiling that stops at maxMs", () => {
    expect(backoffMs(DEFAULT_RETRY, 0, () => 0)).toBe(100);
    expect(backoffMs(DEFAULT_RETRY, 0, () => 1)).toBe(200);
    expect(backoffMs(DEFAULT_RETRY, 3, () => 1)).toBe(1600);
    expect(backoffMs(DEFAULT_RETRY, 20, () => 1)).toBe(5000);
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_LIMITS, loadConfig } from "./config.js";

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return null;
  } catch (err) {
    return err instanceof ConfigError ? err.message : `other: ${(err as Error).message}`;
  }
};

describe("loadConfig", () => {
  it("takes every default when nothing is set", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    expect(c.stateSync).toBe("patch");
  });

  it("reads numbers, fractions and closed sets from their variables", () => {
    const c = loadConfig({ PORT: "0", LIMIT_EVENTS_PER_SECOND: "2.5", WIRE_PARSER: "msgpack", TRUST_PROXY: "true" });
    expect([c.port, c.limits.eventsPerSecond, c.wireParser, c.trustProxy]).toEqual([0, 2.5, "msgpack", true]);
  });

  it("refuses a value out of range, not a number or not an integer, naming the variable and the value", () => {
    expect(refusal({ PORT: "70000" })).toBe('PORT: expected an integer from 0 to 65535, got "70000"');
    expect(refusal({ LIMIT_MAX_CONNECTIONS: "lots" })).toBe('LIMIT_MAX_CONNECTIONS: expected an integer from 1 to 19000, got "lots"');
    expect(refusal({ HEARTBEAT_MS: "1500.5" })).toBe('HEARTBEAT_MS: expected an integer from 100 to 60000, got "1500.5"');
    expect(refusal({ LIMIT_EVENTS_PER_SECOND: "0" })).toBe('LIMIT_EVENTS_PER_SECOND: expected a number from 0.1 to 10000, got "0"');
  });

  it("refuses a value outside a closed set, listing the choices", () => {
    expect(refusal({ STATE_SYNC: "diff" })).toBe('STATE_SYNC: expected one of patch, snapshot, got "diff"');
  });
});

import { describe, expect, it } from "vitest";
import { Readiness } from "./readiness.js";

describe("Readiness", () => {
  it("is ready only once started, while not draining and while its dependencies are up", () => {
    let up = true;
    const r = new Readiness(() => up);
    expect(r.isReady()).toBe(false);
    r.started = true;
    expect(r.isReady()).toBe(true);
    up = false;
    expect(r.isReady()).toBe(false);
    up = true;
    r.draining = true;
    expect(r.isReady()).toBe(false);
  });
});

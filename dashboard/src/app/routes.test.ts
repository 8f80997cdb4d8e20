import { describe, expect, it } from "vitest";
import { parseRoute, resolveRoute, routeHref, routesFor } from "./routes";

describe("routes", () => {
  it("reads the route from the hash", () => {
    expect(parseRoute("#/rooms")).toBe("rooms");
    expect(parseRoute("#/loadtests?x=1")).toBe("loadtests");
  });

  it("falls back to the overview for an unknown or empty hash", () => {
    expect(parseRoute("")).toBe("overview");
    expect(parseRoute("#/nope")).toBe("overview");
  });

  it("round-trips a link", () => expect(parseRoute(routeHref("audit"))).toBe("audit"));

  it("hides Controls from viewers", () => {
    expect(routesFor("viewer").map((r) => r.id)).not.toContain("controls");
    expect(routesFor("operator").map((r) => r.id)).toContain("controls");
  });

  it("sends a viewer who opens Controls to the overview", () => {
    expect(resolveRoute("controls", "viewer")).toBe("overview");
    expect(resolveRoute("controls", "operator")).toBe("controls");
  });
});

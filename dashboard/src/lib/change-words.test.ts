import { describe, expect, it } from "vitest";
import { describeChanges } from "./change-words";

describe("describeChanges", () => {
  it("names limits in the dashboard's words with units, and other fields as they are", () => {
    expect(
      describeChanges([
        { field: "maxConnectionsPerNode", before: 18000, after: 10 },
        { field: "state", before: "serving", after: "draining" },
      ]),
    ).toBe("Connections per node: 18,000 conns → 10 conns; state: serving → draining");
  });
});

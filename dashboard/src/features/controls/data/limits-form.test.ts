import { describe, expect, it } from "vitest";
import { TEST_LIMITS } from "../../../test-support/snapshots";
import { validateLimitDraft } from "./limits-form";

describe("validateLimitDraft", () => {
  it("returns only the fields that differ from the values in force", () => {
    expect(validateLimitDraft({ eventsPerSecond: "25", eventBurst: String(TEST_LIMITS.eventBurst) }, TEST_LIMITS)).toEqual({
      ok: true,
      changed: { eventsPerSecond: 25 },
    });
  });

  it("returns nothing to change for an untouched form", () => {
    expect(validateLimitDraft({}, TEST_LIMITS)).toEqual({ ok: true, changed: {} });
  });

  it("asks for a number when a field is empty or not numeric", () => {
    const result = validateLimitDraft({ eventBurst: "", maxRoomsPerNode: "lots" }, TEST_LIMITS);
    expect(result).toEqual({ ok: false, errors: { eventBurst: "Enter a number", maxRoomsPerNode: "Enter a number" } });
  });

  it("reports the schema's bounds in words", () => {
    const result = validateLimitDraft({ eventsPerSecond: "0", maxConnectionsPerNode: "20000" }, TEST_LIMITS);
    expect(result).toEqual({
      ok: false,
      errors: { eventsPerSecond: "Must be at least 0.1", maxConnectionsPerNode: "Must be at most 19,000" },
    });
  });

  it("refuses fractions where the schema wants whole numbers", () => {
    const result = validateLimitDraft({ eventBurst: "2.5" }, TEST_LIMITS);
    expect(result).toEqual({ ok: false, errors: { eventBurst: "Must be a whole number" } });
  });

  it("refuses a burst below the event rate, on the field that was changed", () => {
    expect(validateLimitDraft({ eventsPerSecond: "10", eventBurst: "5" }, TEST_LIMITS)).toEqual({
      ok: false,
      errors: { eventBurst: "Burst must be at least the event rate (10)" },
    });
    expect(validateLimitDraft({ eventsPerSecond: "50" }, TEST_LIMITS)).toEqual({
      ok: false,
      errors: { eventsPerSecond: "Rate must be at most the burst (40)" },
    });
  });

  it("accepts a fractional event rate", () => {
    expect(validateLimitDraft({ eventsPerSecond: "0.5" }, TEST_LIMITS)).toEqual({ ok: true, changed: { eventsPerSecond: 0.5 } });
  });
});

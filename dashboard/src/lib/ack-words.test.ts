import { describe, expect, it } from "vitest";
import { describeAckError } from "./ack-words";

describe("describeAckError", () => {
  it("puts a plain heading before the server's message", () => {
    expect(describeAckError({ code: "forbidden", message: "viewers cannot run commands" })).toBe(
      "Not allowed: viewers cannot run commands",
    );
  });

  it("falls back to a generic heading for codes without wording", () => {
    expect(describeAckError({ code: "wrong_phase", message: "not now" })).toBe("Failed: not now");
  });

  it("shows the heading alone when the message is empty", () => {
    expect(describeAckError({ code: "not_found", message: " " })).toBe("Not found");
  });
});

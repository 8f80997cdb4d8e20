import { describe, expect, it } from "vitest";
import { describeConnectError, TOKEN_REJECTED_MESSAGE } from "./connect-error";

describe("describeConnectError", () => {
  it("reads a rejected token from the error data", () => {
    expect(describeConnectError({ message: "x", data: { code: "invalid_token", message: "admin token is not valid" } })).toEqual({
      kind: "rejected",
      message: TOKEN_REJECTED_MESSAGE,
    });
  });

  it("reads a rejected token from the error message alone", () => {
    expect(describeConnectError({ message: "invalid_token" }).kind).toBe("rejected");
  });

  it("tells a rate-limited sign-in apart from a bad token", () => {
    expect(describeConnectError({ message: "rate_limited", data: { code: "rate_limited" } }).kind).toBe("rate_limited");
  });

  it("treats transport errors as an unreachable server", () => {
    expect(describeConnectError({ message: "xhr poll error" }).kind).toBe("unreachable");
  });

  it("says the rejection in words", () => {
    expect(TOKEN_REJECTED_MESSAGE).toMatch(/not accepted/);
  });
});

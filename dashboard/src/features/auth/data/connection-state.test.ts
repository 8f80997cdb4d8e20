import { describe, expect, it } from "vitest";
import { manualRetryDelayMs, needsManualReconnect, stateAfterConnectError, stateAfterDisconnect } from "./connection-state";

describe("connection state", () => {
  it("retries by hand only when the server closed the connection", () => {
    expect(needsManualReconnect("io server disconnect")).toBe(true);
    expect(needsManualReconnect("transport close")).toBe(false);
  });

  it("shows reconnecting after a lost transport", () => {
    expect(stateAfterDisconnect("transport close")).toBe("reconnecting");
    expect(stateAfterDisconnect("io server disconnect")).toBe("reconnecting");
  });

  it("shows disconnected after the page closed the socket", () => {
    expect(stateAfterDisconnect("io client disconnect")).toBe("disconnected");
  });

  it("shows disconnected after a failed handshake with no retry coming", () => {
    expect(stateAfterConnectError(false)).toBe("disconnected");
    expect(stateAfterConnectError(true)).toBe("reconnecting");
  });

  it("backs off manual retries up to fifteen seconds", () => {
    expect([0, 1, 2, 3, 4, 10].map(manualRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });
});

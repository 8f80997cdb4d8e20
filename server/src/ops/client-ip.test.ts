import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip.js";

function request(forwardedFor: string | string[] | undefined, remoteAddress = "10.0.0.2"): IncomingMessage {
  return { headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("clientIp", () => {
  it("takes the TCP peer when the proxy is not trusted", () => {
    expect(clientIp(request("203.0.113.7"), false)).toBe("10.0.0.2");
  });

  it("takes the entry the trusted proxy appended, not the one the client wrote", () => {
    expect(clientIp(request("10.66.0.1, 198.51.100.4"), true)).toBe("198.51.100.4");
  });

  it("takes the last of repeated X-Forwarded-For headers", () => {
    expect(clientIp(request(["10.66.0.1", "198.51.100.4"]), true)).toBe("198.51.100.4");
  });

  it("falls back to the TCP peer when a trusted proxy sent no address", () => {
    expect(clientIp(request(undefined), true)).toBe("10.0.0.2");
    expect(clientIp(request(" , "), true)).toBe("10.0.0.2");
  });
});

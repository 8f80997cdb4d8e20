import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { boundPort } from "./bound-port.js";

describe("boundPort", () => {
  it("reads the port a listening server was given for port 0", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      expect(boundPort(server)).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it("throws for a server that is not listening", () => {
    expect(() => boundPort(createServer())).toThrow(/not listening/);
  });
});

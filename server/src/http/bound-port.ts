import type { Server } from "node:http";

/** The TCP port a listening server is bound to. */
export function boundPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error(`server is not listening on a TCP port (${address ?? "not listening"})`);
  return address.port;
}

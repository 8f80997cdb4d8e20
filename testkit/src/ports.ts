import net from "node:net";

// Ports for the children a test starts (redis-server, HAProxy, Prometheus) come from below Linux's
// ephemeral range (32768-60999), so no outgoing connection can take one between the check here and
// the child's bind, and from a block of this test worker's own, so no parallel worker can either.
const FIRST = 10_000;
const BLOCK = 400;
const BLOCKS = 50;
const worker = Number(process.env.VITEST_POOL_ID ?? "1");
// Workers of one run share a parent: a second run on the same machine starts at other blocks.
const block = (process.ppid * 7 + worker) % BLOCKS;
let offset = 0;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A loopback port of this worker's block that nothing listens on. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = FIRST + block * BLOCK + (offset++ % BLOCK);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${FIRST + block * BLOCK}..${FIRST + (block + 1) * BLOCK - 1}`);
}

export function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`port ${port} not open in time`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

import { createRequire } from "node:module";

/** Libraries that trace every packet through `debug`, resolved from the server or from socket.io. */
const TRACING = ["socket.io", "engine.io", "socket.io-adapter", "socket.io-parser", "@socket.io/redis-adapter", "@socket.io/sticky", "ioredis", "express"];

type Logger = ((...args: unknown[]) => void) & { enabled: boolean; namespace: string; log(): void; extend(): Logger; destroy(): boolean };

const silent: Logger = Object.assign(() => undefined, {
  enabled: false,
  namespace: "",
  log: () => undefined,
  extend: () => silent,
  destroy: () => true,
});

/**
 * Socket.IO, Engine.IO and ioredis call a `debug` logger several times per packet. With no
 * DEBUG variable every logger is off, but each call still gathers its arguments into an array
 * before the logger finds that it is off: about 8 MB a second of garbage at human pace, a
 * tenth of the node's allocation. When DEBUG is unset, the `debug` module those libraries load
 * is replaced, before they load it, by one whose loggers are a shared empty function. Must be
 * imported before any of them (first in main.ts). With DEBUG set, nothing changes and their
 * traces print as usual; loggers cannot be switched on later with `debug.enable()` in a node
 * started without it.
 */
export function quietDisabledDebug(env: NodeJS.ProcessEnv = process.env): number {
  if (env.DEBUG) return 0;
  const fromServer = createRequire(import.meta.url);
  const fromSocketIo = createRequire(fromServer.resolve("socket.io"));
  let replaced = 0;
  for (const library of TRACING) {
    for (const resolver of [fromServer, fromSocketIo]) {
      let path: string;
      try {
        path = createRequire(resolver.resolve(library)).resolve("debug");
      } catch {
        continue;
      }
      const original = fromServer(path) as object;
      const cached = fromServer.cache[path];
      if (!cached || (cached.exports as { silenced?: true }).silenced) continue;
      const factory = Object.assign(() => silent, original, { silenced: true as const });
      cached.exports = Object.assign(factory, { default: factory });
      replaced++;
    }
  }
  return replaced;
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type PatchedLibrary = "socket.io" | "engine.io" | "ioredis" | "@socket.io/redis-adapter";

/**
 * The library versions the patches in this directory were written and tested for, and what each
 * library's patches touch. A patch release of the same minor version passes the check (its tests
 * tell whether the patches still hold); another minor or major version must be read against the
 * patches and written here before a node starts on it.
 */
export const WRITTEN_FOR: Record<PatchedLibrary, { version: string; touches: string }> = {
  "socket.io": {
    version: "4.8.4",
    touches: "its reading of a connection's `request` only when the connection's client is made, before request-release.ts lets go of it",
  },
  "engine.io": {
    version: "6.6.13",
    touches: "a connection's `writeBuffer` and its websocket's `bufferedAmount` and `terminate` (send-buffer.ts); a connection's `request` (request-release.ts); the polling response it hangs on a handshake request as `res`, and that it writes nothing once `allowRequest` has answered (handshake-refusal.ts)",
  },
  ioredis: {
    version: "5.11.1",
    touches: "a client's `sendCommand` (command-observer.ts); its `stream` socket on `connect`, and a Cluster's `+node` (redis-wire.ts, public but undocumented); its `publish`, `spublish`, `subscribe`, `psubscribe`, `unsubscribe`, `punsubscribe` (publish-errors.ts), `ssubscribe` and `sunsubscribe` (sharded-subscriptions.ts)",
  },
  "@socket.io/redis-adapter": {
    version: "8.3.0",
    touches:
      "the sharded adapter's room channel name, `<channelPrefix>#<namespace>#<room>#` (shardedRoomChannel in cluster/adapter.ts), on which transport/commit-cast.ts publishes a commit for every node subscribed to the room, and that the adapter drops a message on it whose `nsp` is not a namespace it serves",
  },
};

/**
 * The installed version of a library, read from its package.json. engine.io is resolved from
 * socket.io, the package that loads it; neither exports its package.json, so the file is found by
 * walking up from the resolved entry point.
 */
export function installedVersion(library: PatchedLibrary): string {
  const fromServer = createRequire(import.meta.url);
  const resolver = library === "engine.io" ? createRequire(fromServer.resolve("socket.io")) : fromServer;
  let dir = path.dirname(resolver.resolve(library));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === library && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the package.json of ${library}`);
    dir = up;
  }
}

const minorOf = (version: string) => version.split(".").slice(0, 2).join(".");

/** Libraries whose installed version is not a patch release of the version their patches were written for. */
export function unverifiedLibraries(installed: (library: PatchedLibrary) => string = installedVersion): string[] {
  const out: string[] = [];
  for (const [library, { version, touches }] of Object.entries(WRITTEN_FOR) as [PatchedLibrary, (typeof WRITTEN_FOR)[PatchedLibrary]][]) {
    const found = installed(library);
    if (minorOf(found) !== minorOf(version)) out.push(`${library} ${found} is installed; its patches were written for ${minorOf(version)}.x (${version}) and touch ${touches}`);
  }
  return out;
}

/**
 * Refuses to build a node on library versions its patches were not written for: a patch that
 * reads a private field reads `undefined` after the field is renamed, and would stop cutting off
 * slow readers or counting Redis failures without an error.
 */
export function assertPatchedLibraries(installed?: (library: PatchedLibrary) => string): void {
  const unverified = unverifiedLibraries(installed);
  if (unverified.length === 0) return;
  throw new Error(
    `library patches not verified for the installed versions (server/src/patches/library-versions.ts):\n- ${unverified.join("\n- ")}\nRun server/test/library-patches.test.ts against the new version, fix what it breaks, then record the version in WRITTEN_FOR.`,
  );
}

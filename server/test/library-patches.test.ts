import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { type RedisProcess, startRedis } from "@avalon/testkit";
import { assertPatchedLibraries, installedVersion, unverifiedLibraries, WRITTEN_FOR, type PatchedLibrary } from "../src/patches/library-versions.js";
import { bufferedBytes, cutOff, engineConnections } from "../src/patches/send-buffer.js";
import { releaseRequests } from "../src/patches/request-release.js";
import { quietDisabledDebug } from "../src/patches/quiet-debug.js";
import { observeCommands } from "../src/patches/command-observer.js";
import { catchCommandErrors, PUBLISH_METHODS } from "../src/patches/publish-errors.js";
import { keepShardedSubscriptions } from "../src/patches/sharded-subscriptions.js";
import type { GameServer, GameSocket } from "../src/transport/types.js";
import type { RedisClient } from "../src/cluster/redis-connection.js";

// Each patch of server/src/patches is exercised here against the installed library, so that an
// upgrade which moves what a patch touches fails here, not silently in production.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (ok: () => boolean, what: string, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function socketServer(setup?: (io: GameServer) => void) {
  const http = createServer();
  const io: GameServer = new Server(http, { transports: ["websocket"] });
  setup?.(io);
  const sockets: GameSocket[] = [];
  io.on("connection", (s) => void sockets.push(s));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise<void>((r) => io.close(() => r())));
  const client = async (path = "/", headers: Record<string, string> = {}) => {
    const c: ClientSocket = connect(`${url}${path}`, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: headers });
    cleanups.push(() => void c.close());
    await new Promise<void>((r, j) => {
      c.once("connect", () => r());
      c.once("connect_error", j);
    });
    return c;
  };
  return { io, sockets, client };
}

describe("library versions", () => {
  it("accepts the installed socket.io, engine.io, ioredis and Redis adapter: the patches were written for their minor versions", () => {
    expect(unverifiedLibraries()).toEqual([]);
    expect(() => assertPatchedLibraries()).not.toThrow();
    for (const library of Object.keys(WRITTEN_FOR) as PatchedLibrary[]) expect(installedVersion(library)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("accepts another patch release and refuses another minor version, naming what the patches touch", () => {
    const bump = (part: "patch" | "minor") => (library: PatchedLibrary) => {
      const [major, minor, patch] = WRITTEN_FOR[library].version.split(".").map(Number) as [number, number, number];
      return part === "patch" ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
    };
    expect(() => assertPatchedLibraries(bump("patch"))).not.toThrow();
    expect(() => assertPatchedLibraries(bump("minor"))).toThrow(/engine\.io .* is installed; its patches were written for .*writeBuffer/s);
    expect(unverifiedLibraries(bump("minor"))).toHaveLength(Object.keys(WRITTEN_FOR).length);
  });
});

describe("engine.io send buffer", () => {
  it("reads the frames queued for a connection, finds it among the engine's connections, and cuts it off", async () => {
    const { io, sockets, client } = await socketServer();
    const live = engineConnections(io.engine);
    const c = await client();
    const [socket] = sockets as [GameSocket];
    const conn = [...live()].find((e) => e.id === (socket.conn as unknown as { id: string }).id);
    expect(conn).toBeDefined();
    // The first frame goes to the websocket; the transport takes no more until it is written, so the rest wait in the queue.
    const text = "x".repeat(100_000);
    for (let i = 0; i < 3; i++) socket.emit("session:replaced", { reason: text });
    expect(bufferedBytes(conn!)).toBeGreaterThanOrEqual(200_000);

    const closed = new Promise<string>((r) => c.once("disconnect", (reason) => r(reason)));
    cutOff(conn!);
    expect(await closed).toBe("transport close");
    await until(() => io.engine.clientsCount === 0, "the engine to drop the connection");
    expect([...live()]).toHaveLength(0);
  });
});

describe("quiet debug", () => {
  // In a process of its own: the replacement is process-wide, as it is in a node.
  const run = (env: Record<string, string>) => {
    const script = `
      import { createRequire } from "node:module";
      const { quietDisabledDebug } = await import(${JSON.stringify(new URL("../dist/patches/quiet-debug.js", import.meta.url).href)});
      const replaced = quietDisabledDebug();
      const fromSocketIo = createRequire(createRequire(process.cwd() + "/").resolve("socket.io"));
      const engineDebug = createRequire(fromSocketIo.resolve("engine.io")).resolve("debug");
      const logger = fromSocketIo(engineDebug)("engine:probe");
      logger("probe %s", "traced");
      const { Server } = fromSocketIo("socket.io");
      const io = new Server(0);
      io.close();
      console.log(JSON.stringify({ replaced, enabled: logger.enabled, silenced: fromSocketIo(engineDebug).silenced === true }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: new URL("..", import.meta.url).pathname,
      env: { ...process.env, DEBUG: "", ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(out.trim().split("\n").at(-1)!) as { replaced: number; enabled: boolean; silenced: boolean };
  };

  it("gives the libraries a silent debug module when DEBUG is unset, and socket.io still loads and serves", () => {
    const r = run({});
    expect(r.replaced).toBeGreaterThan(0);
    expect(r).toMatchObject({ enabled: false, silenced: true });
  });

  it("leaves debug alone when DEBUG asks for traces", () => {
    expect(quietDisabledDebug({ DEBUG: "engine*" })).toBe(0);
    expect(run({ DEBUG: "engine:probe" })).toEqual({ replaced: 0, enabled: true, silenced: false });
  });
});

describe("engine.io request release", () => {
  it("lets go of the handshake request and its headers, keeps the client address, and later namespaces still connect", async () => {
    let addressOf: ((s: { conn: { remoteAddress?: string } }) => string) | null = null;
    const { io, sockets, client } = await socketServer((server) => (addressOf = releaseRequests(server, false)));
    const seen: string[] = [];
    io.of("/second").on("connection", (s) => void seen.push(addressOf!(s)));
    const c = await client("/", { "x-probe": "kept" });
    const [socket] = sockets as [GameSocket];
    expect((socket.conn as { request: unknown }).request).toBeNull();
    expect(addressOf!(socket)).toBe("127.0.0.1");
    expect(socket.handshake.headers["x-probe"]).toBeUndefined();
    // A namespace joined later over the same connection builds its handshake after the release.
    const second = c.io.socket("/second");
    cleanups.push(() => void second.close());
    await until(() => seen.length === 1, "the second namespace's connection");
    expect(seen).toEqual(["127.0.0.1"]);
  });
});

describe("ioredis patches", () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** A client of the test's Redis, or of a port nothing listens on. */
  const client = (connected = true, url = redis.url): RedisClient => {
    const c = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 });
    // Connection errors are what some of these tests are about; they are read from the commands.
    c.on("error", () => undefined);
    cleanups.push(() => void c.disconnect());
    if (connected) c.connect().catch(() => undefined);
    return c;
  };

  it("times every command sent, and tells failed ones", async () => {
    const seen: string[] = [];
    const c = observeCommands(client(false), (command, ms, failed) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      seen.push(`${command}:${failed ? "failed" : "ok"}`);
    });
    await c.connect();
    await c.set("k", "text");
    await expect(c.incr("k")).rejects.toThrow();
    await until(() => seen.includes("incr:failed"), "the failed command to be observed");
    expect(seen).toContain("set:ok");
  });

  it("counts a publish that fails while Redis is unreachable and resolves it instead of rejecting", async () => {
    const errors: string[] = [];
    let calls = 0;
    const down = client(false, "redis://127.0.0.1:1");
    catchCommandErrors(down, PUBLISH_METHODS, (command) => errors.push(command), () => calls++);
    await expect(down.publish("ch", "m")).resolves.toBe(0);
    await expect(down.spublish("ch", "m")).resolves.toBe(0);
    expect(errors).toEqual(["publish", "spublish"]);
    expect(calls).toBe(2);

    const up = client();
    catchCommandErrors(up, PUBLISH_METHODS, (command) => errors.push(command));
    await until(() => up.status === "ready", "the client to connect");
    await expect(up.publish("ch", "m")).resolves.toBe(0);
    expect(errors).toEqual(["publish", "spublish"]);
  });

  it("subscribes again to a sharded channel whose subscribe failed, once the connection is up", async () => {
    const sub = client(false);
    const errors: string[] = [];
    const keeper = keepShardedSubscriptions(sub, { onError: (c) => errors.push(c), retryMs: 60_000 });
    await sub.ssubscribe("room#A#");
    expect(errors).toEqual(["ssubscribe"]);
    expect(keeper.pending()).toBe(1);

    const got: string[] = [];
    sub.on("smessage", (_channel: string, message: string) => void got.push(message));
    // The failed command started the lazy connection; its "ready" triggers the retry.
    await until(() => sub.status === "ready", "the subscriber to connect");
    await until(() => keeper.pending() === 0, "the subscribe to be retried");
    const pub = client();
    await until(() => pub.status === "ready", "the publisher to connect");
    let subscribers = 0;
    while (subscribers === 0) {
      const [, n] = (await pub.call("PUBSUB", "SHARDNUMSUB", "room#A#")) as [string, number];
      subscribers = n;
    }
    await pub.spublish("room#A#", "hello");
    await until(() => got.includes("hello"), "the sharded message");
  });
});

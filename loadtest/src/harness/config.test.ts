import { describe, expect, it } from "vitest";
import { parseArgs } from "../args.js";
import { parseRunConfig, processShare, RUN_OPTIONS } from "./config.js";
import { playersAt } from "./scenarios/context.js";

const config = (line: string) => parseRunConfig(parseArgs(line.split(" ").filter(Boolean), RUN_OPTIONS));

describe("run configuration", () => {
  it("defaults to bots playing games against a local server", () => {
    const cfg = config("");
    expect([cfg.engine, cfg.scenario, cfg.rooms, cfg.players, cfg.durationMs, cfg.thinkMs, cfg.procs]).toEqual(["bots", "games", 10, [5, 10], 30_000, 500, 1]);
    expect(cfg.limits).toMatchObject({ maxAckP99Ms: 100, maxDeliveryP99Ms: 100, maxErrorRate: 0.01, maxConnectP95Ms: 1000 });
  });

  it("reads threshold overrides", () => {
    expect(config("--max-ack-p99 0.001 --max-ack-p95 5 --min-games 2").limits).toMatchObject({ maxAckP99Ms: 0.001, maxAckP95Ms: 5, minGames: 2 });
  });

  it("runs chat and ramp on the raw engine only", () => {
    expect(() => config("--scenario chat")).toThrow(/--engine raw/);
    expect(config("--engine raw --scenario chat").scenario).toBe("chat");
  });

  it("spreads raw VUs over loopback source addresses only towards a loopback server", () => {
    expect(config("--engine raw --source-addresses 4 --url http://127.0.0.1:3000").sourceAddresses).toBe(4);
    expect(() => config("--source-addresses 4")).toThrow(/--engine raw/);
    expect(() => config("--engine raw --source-addresses 4 --url http://10.0.0.5:3000")).toThrow(/127/);
  });

  it("lasts as long as the ramp's stages", () => {
    expect(config("--engine raw --scenario ramp --stages 1s:10,2s:0").durationMs).toBe(3000);
  });

  it("splits tables over processes without changing any table's size", () => {
    const cfg = config("--rooms 7 --players 5..10 --procs 3");
    const shares = [0, 1, 2].map((i) => processShare(cfg, i, 3).tables);
    expect(shares.map((s) => [s.rooms, s.firstTable])).toEqual([
      [3, 0],
      [2, 3],
      [2, 5],
    ]);
    const sizes = shares.flatMap((s) => Array.from({ length: s.rooms }, (_, t) => playersAt(s, t)));
    expect(sizes).toEqual([5, 6, 7, 8, 9, 10, 5]);
  });
});

describe("command line", () => {
  it("refuses an option no command declares, naming it", () => {
    expect(() => parseArgs(["--rooms", "5", "--romos", "6"], RUN_OPTIONS)).toThrow(/romos/);
  });

  it("refuses an option that needs a value given without one", () => {
    expect(() => parseArgs(["--rooms"], RUN_OPTIONS)).toThrow(/rooms/);
  });
});

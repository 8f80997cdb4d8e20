import { describe, expect, it } from "vitest";
import { measureFailover, type FailoverRun } from "@avalon/loadtest";

/*
 * Two node processes on a fresh Redis Cluster (three masters, a replica each), 24 hosts toggling
 * readiness as fast as answered; the first master's replica is stopped while 400 moves are
 * answered, then the master is killed with SIGKILL and its replica takes over. The same
 * measurement is a row of `npm run bench -- --only scale`.
 */
const CALM_ACKS = 2000;
const LAG_ACKS = 400;

const describeRun = (r: FailoverRun) =>
  `[failover] REDIS_COMMIT_REPLICAS=${r.replicas}: ack p99 ${r.ackP99Ms.toFixed(1)} ms before the fault; of ${r.acked} acknowledged moves ${r.lost} lost, and ${r.lostResent} acknowledged on a resend lost; every room answered again ${r.resumedS.toFixed(1)} s after the kill`;

describe("acknowledged moves across a Redis failover", () => {
  it("without REDIS_COMMIT_REPLICAS: measured (the moves the lagging replica had not received are lost)", async () => {
    console.log(describeRun(await measureFailover(0, CALM_ACKS, LAG_ACKS)));
  }, 240_000);

  it("with REDIS_COMMIT_REPLICAS=1: no acknowledged move is lost, at its first sending or on a resend", async () => {
    const run = await measureFailover(1, CALM_ACKS, LAG_ACKS);
    console.log(describeRun(run));
    expect(run.acked).toBeGreaterThan(CALM_ACKS / 10);
    expect(run.lost + run.lostResent).toBe(0);
  }, 240_000);
});

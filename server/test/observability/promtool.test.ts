import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { asList, asMap, parseYaml, REPO } from "@avalon/testkit";

const run = promisify(execFile);
const PROM_DIR = path.join(REPO, "grafana/prometheus");
const ruleFiles = readdirSync(path.join(PROM_DIR, "rules")).filter((f) => f.endsWith(".yml")).sort().map((f) => path.join(PROM_DIR, "rules", f));
const testFiles = readdirSync(path.join(PROM_DIR, "tests")).filter((f) => f.endsWith(".yml")).sort().map((f) => path.join(PROM_DIR, "tests", f));

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run("promtool", args, { cwd: REPO });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

function rules(kind: "alert" | "record"): string[] {
  return ruleFiles.flatMap((f) =>
    asList(asMap(parseYaml(readFileSync(f, "utf8")), f).groups, `${f} groups`).flatMap((g) =>
      asList(asMap(g, "group").rules, "rules").flatMap((r) => {
        const name = asMap(r, "rule")[kind];
        return typeof name === "string" ? [name] : [];
      }),
    ),
  );
}

describe("Prometheus configuration (promtool)", () => {
  it("accepts prometheus.yml and resolves its rule files", async () => {
    const out = await promtool("check", "config", path.join(PROM_DIR, "prometheus.yml"));
    expect(out).toContain(`SUCCESS: ${ruleFiles.length} rule files found`);
  });

  it("accepts every rules file", async () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(2);
    for (const f of ruleFiles) expect(await promtool("check", "rules", f)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("passes the alert unit tests", async () => {
    expect(testFiles.length).toBeGreaterThan(0);
    expect(await promtool("test", "rules", ...testFiles)).toContain("SUCCESS");
  });

  it("has recording rules and every alert this stack promises, each with a unit test that fires it", () => {
    expect(rules("record")).toContain("avalon:ack_latency_seconds:p99");
    const alerts = rules("alert");
    expect(alerts).toEqual(
      expect.arrayContaining(["AvalonNodeDown", "AvalonAckLatencyHigh", "AvalonEventLoopLagHigh", "AvalonConnectionsRejected", "AvalonRedisErrors", "AvalonDrainTooLong"]),
    );
    const fired = new Set(
      testFiles.flatMap((f) =>
        asList(asMap(parseYaml(readFileSync(f, "utf8")), f).tests, "tests").flatMap((t) =>
          asList(asMap(t, "test").alert_rule_test ?? [], "alert_rule_test")
            .map((a) => asMap(a, "alert test"))
            .filter((a) => asList(a.exp_alerts, "exp_alerts").length > 0)
            .map((a) => String(a.alertname)),
        ),
      ),
    );
    for (const a of alerts) expect(fired.has(a), `${a} has no test case where it fires`).toBe(true);
  });
});

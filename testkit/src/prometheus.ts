import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports.js";
import { REPO } from "./processes.js";
import { asList, asMap, parseYaml, type YamlValue } from "./yaml-file.js";

export const RULES_DIR = path.join(REPO, "grafana/prometheus/rules");

export interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

export type QueryResult = { ok: true; resultType: string; series: PromSeries[] } | { ok: false; error: string };

export interface PrometheusProcess {
  url: string;
  query(expr: string): Promise<QueryResult>;
  /** GET an API path (e.g. `/api/v1/rules`) and return its `data`. */
  api<T>(pathAndQuery: string): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The repository's `avalon` scrape job, pointed at the given targets with a 1 s interval, and the
 * repository's rule files evaluated every second. Written as JSON, which Prometheus reads as YAML.
 */
export function testConfig(targets: string[]): Record<string, YamlValue> {
  const repoConfig = asMap(parseYaml(readFileSync(path.join(REPO, "grafana/prometheus/prometheus.yml"), "utf8")), "prometheus.yml");
  const avalonJob = asList(repoConfig.scrape_configs, "scrape_configs")
    .map((j) => asMap(j, "scrape config"))
    .find((j) => j.job_name === "avalon");
  if (!avalonJob) throw new Error("grafana/prometheus/prometheus.yml has no avalon job");
  return {
    global: { scrape_interval: "1s", scrape_timeout: "900ms", evaluation_interval: "1s" },
    rule_files: readdirSync(RULES_DIR)
      .filter((f) => f.endsWith(".yml"))
      .map((f) => path.join(RULES_DIR, f)),
    scrape_configs: [{ ...avalonJob, static_configs: [{ targets }] }],
  };
}

/** `prometheus` on a free loopback port with a temp folder for its config and TSDB, removed at stop. */
export async function startPrometheus(targets: string[]): Promise<PrometheusProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "avalon-prometheus-"));
  const configFile = path.join(dir, "prometheus.yml");
  writeFileSync(configFile, JSON.stringify(testConfig(targets), null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-remote-write-receiver",
      "--log.level=warn",
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.once("error", (err) => (out += `\n${err.message}`));

  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const until = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`prometheus did not become ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    output: () => out,
    stop,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: expr }),
      });
      const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
      if (body.status !== "success" || !body.data) return { ok: false, error: body.error ?? `HTTP ${res.status}` };
      const { resultType, result } = body.data;
      if (resultType === "vector") return { ok: true, resultType, series: result as PromSeries[] };
      // A scalar (e.g. `time()`) is one unlabelled value.
      if (resultType === "scalar") return { ok: true, resultType, series: [{ metric: {}, value: result as [number, string] }] };
      return { ok: true, resultType, series: [] };
    },
    async api<T>(pathAndQuery: string) {
      const res = await fetch(`${url}${pathAndQuery}`);
      const body = (await res.json()) as { status: string; error?: string; data: T };
      if (body.status !== "success") throw new Error(`${pathAndQuery}: ${body.error ?? res.status}`);
      return body.data;
    },
  };
}

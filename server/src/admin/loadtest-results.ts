import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { LoadTestRunSummary, LoadTestTool } from "@avalon/protocol";
import { fromK6Summary } from "./k6-summary.js";

const TOOLS = new Set<unknown>(["raw", "bots", "k6"] satisfies LoadTestTool[]);

/**
 * Load-test runs written as JSON summaries: this project's own (the raw load generator and the
 * bot harness share the shape) and k6's end-of-test summaries dropped beside them.
 */
export async function readLoadTestRuns(dir: string | null, limit = 50): Promise<LoadTestRunSummary[]> {
  if (!dir) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const runs: LoadTestRunSummary[] = [];
  for (const name of names) {
    try {
      const file = path.join(dir, name);
      const raw = JSON.parse(await readFile(file, "utf8")) as unknown;
      const run = raw as LoadTestRunSummary;
      if (typeof run.id === "string" && TOOLS.has(run.tool) && typeof run.metrics === "object") {
        runs.push(run);
        continue;
      }
      const k6 = fromK6Summary(raw, { name, mtimeMs: (await stat(file)).mtimeMs });
      if (k6) runs.push(k6);
    } catch {
      // A half-written or foreign file is skipped, not fatal.
    }
  }
  return runs.sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
}

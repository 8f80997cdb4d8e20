import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { LoadTestRunSummary, LoadTestTool } from "@avalon/protocol";

const TOOLS = new Set<unknown>(["raw", "bots", "k6"] satisfies LoadTestTool[]);

/** Load-test runs written as JSON summaries (the raw load generator and the bot harness share the shape). */
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
      const run = JSON.parse(await readFile(path.join(dir, name), "utf8")) as LoadTestRunSummary;
      if (typeof run.id === "string" && TOOLS.has(run.tool) && typeof run.metrics === "object") runs.push(run);
    } catch {
      // A half-written or foreign file is skipped, not fatal.
    }
  }
  return runs.sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
}

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { LoadTestRunSummary } from "@avalon/protocol";

/** Load-test runs written as JSON summaries (k6's handleSummary and the bot harness share the shape). */
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
      if (typeof run.id === "string" && (run.tool === "k6" || run.tool === "bots") && typeof run.metrics === "object") runs.push(run);
    } catch {
      // A half-written or foreign file is skipped, not fatal.
    }
  }
  return runs.sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
}

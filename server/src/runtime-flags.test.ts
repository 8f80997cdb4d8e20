import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { missingNodeFlags, NODE_FLAGS } from "./runtime-flags.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => readFileSync(path.join(REPO, file), "utf8");
const startScript = (file: string) => (JSON.parse(read(file)) as { scripts: Record<string, string> }).scripts.start ?? "";

describe("the node's V8 flags", () => {
  // The image's CMD is checked with the rest of the Dockerfile, in test/observability/compose.test.ts.
  it("are passed by npm start and the server's start script", () => {
    for (const flag of NODE_FLAGS) {
      expect(startScript("package.json")).toContain(`node ${flag} server/dist/main.js`);
      expect(startScript("server/package.json")).toContain(`node ${flag} dist/main.js`);
    }
  });

  it("are missing when neither the command line nor NODE_OPTIONS gives them", () => {
    expect(missingNodeFlags([])).toEqual([...NODE_FLAGS]);
    expect(missingNodeFlags(["--inspect"], "--max-old-space-size=4096")).toEqual([...NODE_FLAGS]);
  });

  it("count as given with any value, on the command line or in NODE_OPTIONS, in either spelling", () => {
    expect(missingNodeFlags([...NODE_FLAGS])).toEqual([]);
    expect(missingNodeFlags(["--max-semi-space-size=32"])).toEqual([]);
    expect(missingNodeFlags([], "--enable-source-maps --max_semi_space_size=128")).toEqual([]);
  });
});

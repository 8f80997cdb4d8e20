import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@avalon/protocol": fileURLToPath(new URL("./protocol/src/index.ts", import.meta.url)),
      "@avalon/loadtest": fileURLToPath(new URL("./loadtest/src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["{protocol,server,loadtest,dashboard}/src/**/*.test.ts", "server/test/**/*.test.ts", "e2e/tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});

import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = {
  "@avalon/protocol": fileURLToPath(new URL("./protocol/src/index.ts", import.meta.url)),
  "@avalon/client": fileURLToPath(new URL("./client/src/index.ts", import.meta.url)),
  "@avalon/loadtest": fileURLToPath(new URL("./loadtest/src/index.ts", import.meta.url)),
  "@avalon/server": fileURLToPath(new URL("./server/src/index.ts", import.meta.url)),
  "@avalon/testkit": fileURLToPath(new URL("./testkit/src/index.ts", import.meta.url)),
};

// Three projects: `unit` runs in seconds with no outside process; `integration` starts real
// servers, Redis, HAProxy and Prometheus; `browser` drives the dashboard in Chromium.
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{protocol,client,server,loadtest,dashboard}/src/**/*.test.ts"],
          exclude: ["loadtest/src/raw/real-server.test.ts"],
        },
      },
      {
        extends: true,
        test: { name: "integration", include: ["server/test/**/*.test.ts", "loadtest/src/raw/real-server.test.ts", "client/test/**/*.test.ts"] },
      },
      { extends: true, test: { name: "browser", include: ["e2e/tests/**/*.test.ts"] } },
    ],
  },
});

import { ConfigError, loadConfig } from "./config.js";
import { createNode } from "./node.js";

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const node = createNode(config);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      node.log.warn({ signal }, "second signal: forcing exit");
      process.exit(1);
    }
    node.log.info({ signal }, "shutting down");
    void node.stop().then(() => process.exit(0));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  node.start().then(
    (port) => {
      if (config.adminTokensGenerated) {
        process.stdout.write(`admin token (operator): ${config.adminToken}\nadmin token (viewer):   ${config.viewerToken}\n`);
      }
      process.stdout.write(`avalon-realtime listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}\n`);
    },
    (err: unknown) => {
      node.log.fatal({ err }, "failed to start");
      process.exit(1);
    },
  );
}

main();

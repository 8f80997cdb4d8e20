import "./before-libraries.js";
import cluster from "node:cluster";
import { setupWorker } from "@socket.io/sticky";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { createNode } from "./node.js";
import { runPrimary } from "./primary.js";
import { missingNodeFlags } from "./runtime-flags.js";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

function runNode(config: Config, worker: boolean): void {
  const node = createNode(config);
  const missing = missingNodeFlags(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length) node.log.warn({ missing }, `started without the node's V8 flags (npm start and the image pass them): run node ${missing.join(" ")} server/dist/main.js`);
  process.on("unhandledRejection", (err) => node.log.error({ err }, "unhandled rejection"));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      node.log.warn({ signal }, "second signal: forcing exit");
      process.exit(1);
    }
    node.log.info({ signal }, "shutting down");
    void node.stop().then(() => process.exit(0));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  node.start({ listen: !worker }).then(
    (port) => {
      if (worker) {
        setupWorker(node.io as never);
        return;
      }
      if (config.adminTokensGenerated) {
        process.stdout.write(`admin token (operator): ${config.adminToken}\nadmin token (viewer):   ${config.viewerToken}\n`);
      }
      const host = config.host === "0.0.0.0" ? "localhost" : config.host;
      process.stdout.write(`avalon-realtime listening on http://${host}:${port} (dashboard: http://${host}:${port}/dashboard/)\n`);
    },
    (err: unknown) => {
      node.log.fatal({ err }, "failed to start");
      process.exit(1);
    },
  );
}

const config = readConfig();
if (config.enableCluster && cluster.isPrimary) {
  if (config.adminTokensGenerated) {
    process.stderr.write("configuration error: ENABLE_CLUSTER needs ADMIN_TOKEN and VIEWER_TOKEN set (workers must share them)\n");
    process.exit(2);
  }
  if (!process.env.SECRET) {
    process.stderr.write("configuration error: ENABLE_CLUSTER needs SECRET set (workers must share it to resume sessions)\n");
    process.exit(2);
  }
  runPrimary(config, createLogger(config));
} else {
  runNode(config, config.enableCluster);
}

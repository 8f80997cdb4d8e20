import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** Secrets that must never reach a log line, whatever object they ride on. */
const REDACT = ["token", "auth.token", "adminToken", "viewerToken", "secret", "*.token", "req.headers.authorization"];

export function createLogger(config: Pick<Config, "logLevel" | "nodeId">): Logger {
  return pino({ level: config.logLevel, base: { node: config.nodeId }, redact: { paths: REDACT, censor: "[redacted]" } });
}

export * from "./admin.js";
export * from "./cluster.js";
export * from "./node.js";
export * from "./ports.js";
export * from "./processes.js";
export * from "./prometheus.js";
export * from "./redis.js";
export * from "./yaml-file.js";

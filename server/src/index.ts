export { createNode, type AvalonNode, type NodeParts } from "./node.js";
export { loadConfig, DEFAULT_LIMITS, type Config } from "./config.js";
export { MemoryStore } from "./store/memory-store.js";
export type { GameStore, RoomRecord, LoggedAction } from "./store/game-store.js";
export { RedisStore } from "./store/redis-store.js";
export type { RedisClient } from "./store/redis-store.js";
export { createRoom } from "./engine/engine.js";
export { createRedisClient } from "./cluster/redis-connection.js";

export * from "./ids.js";
export * from "./game.js";
export * from "./actions.js";
export * from "./errors.js";
export * from "./patch.js";
export * from "./events.js";
export * from "./schemas.js";
export * from "./admin.js";

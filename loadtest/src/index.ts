export { Bot, type BotOptions } from "./bot/bot.js";
export { chooseMove } from "./bot/policy.js";
export { playGame, type GameRunOptions, type GameRunResult } from "./bot/game-runner.js";
export { checkEndedGame } from "./bot/game-check.js";
export { BotStats, percentile } from "./bot/stats.js";
export { summarise, writeSummary, type RunFacts } from "./run-summary.js";
export { RawConnectError, RawSocket } from "./raw/raw-socket.js";

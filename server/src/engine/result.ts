import type { EngineErrorCode, PublicEvent } from "@avalon/protocol";
import type { GameState } from "./state.js";

export type ApplyResult =
  | { ok: true; state: GameState; events: PublicEvent[] }
  | { ok: false; code: EngineErrorCode };

/** The accepted outcome of an action: every accepted action is one new version. */
export function accept(next: GameState, events: PublicEvent[] = []): ApplyResult {
  return { ok: true, state: { ...next, version: next.version + 1 }, events };
}

export function reject(code: EngineErrorCode): ApplyResult {
  return { ok: false, code };
}

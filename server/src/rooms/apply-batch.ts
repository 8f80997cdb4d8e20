import type { AckError, ActionId, EngineAction, PublicEvent, TimelineEntry } from "@avalon/protocol";
import { apply } from "../engine/engine.js";
import { seededRng } from "../engine/rng.js";
import { RECENT_ACTIONS_KEPT, type LoggedAction, type RecentAction, type RoomRecord } from "../store/game-store.js";
import { fail } from "./fail.js";

export interface ActMeta {
  actionId?: ActionId;
  expectedVersion?: number;
}

export interface QueuedAction {
  action: EngineAction;
  meta: ActMeta;
  /** A forwarded action answered in its commit's message when accepted: its forward id. */
  ackInCommit?: string;
}

/** What one action of a batch came to: its own version, an earlier answer, or its own refusal. */
export type ActionOutcome = { ok: true; version: number; duplicate?: true } | AckError;

export interface AppliedBatch {
  /** The record after every accepted action; the input record itself when none was accepted. */
  next: RoomRecord;
  outcomes: ActionOutcome[];
  /** One entry per accepted action, in order. */
  log: LoggedAction[];
  timeline: TimelineEntry[];
  events: PublicEvent[];
}

/**
 * Applies a room's queued actions one after another to the state in memory, each checked on its
 * own against the state the actions before it left (duplicate action id, then `expectedVersion`,
 * then the rules): a refused action changes nothing and does not affect the others.
 */
export function applyBatch(record: RoomRecord, queued: QueuedAction[], now: number): AppliedBatch {
  let state = record.state;
  let recent: RecentAction[] = record.recent;
  const outcomes: ActionOutcome[] = [];
  const log: LoggedAction[] = [];
  const timeline: TimelineEntry[] = [];
  const events: PublicEvent[] = [];
  for (const { action, meta } of queued) {
    if (meta.actionId !== undefined) {
      const seen = recent.find((r) => r.actionId === meta.actionId && r.playerId === action.playerId);
      if (seen) {
        outcomes.push({ ok: true, version: seen.version, duplicate: true });
        continue;
      }
    }
    if (meta.expectedVersion !== undefined && meta.expectedVersion !== state.version) {
      outcomes.push(fail("stale_version", `the room is at version ${state.version}, not ${meta.expectedVersion}`));
      continue;
    }
    const result = apply(state, action, seededRng(state.seed, state.version));
    if (!result.ok) {
      outcomes.push(fail(result.code));
      continue;
    }
    state = result.state;
    if (meta.actionId !== undefined) recent = [...recent, { actionId: meta.actionId, playerId: action.playerId, version: state.version }].slice(-RECENT_ACTIONS_KEPT);
    log.push({ version: state.version, ts: now, actionId: meta.actionId ?? null, action });
    for (const event of result.events) timeline.push({ version: state.version, ts: now, event });
    events.push(...result.events);
    outcomes.push({ ok: true, version: state.version });
  }
  return { next: log.length === 0 ? record : { state, recent }, outcomes, log, timeline, events };
}

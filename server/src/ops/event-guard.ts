import type { AckError } from "@avalon/protocol";
import type { GameSocket } from "../transport/types.js";
import { TokenBucket } from "./token-bucket.js";
import type { LimitsState } from "./limits-state.js";

/** Checks every inbound packet before its handler (limits, draining); returns an error to refuse it. */
export type EventGuard = (socket: GameSocket, event: string, args: unknown[]) => AckError | null;

interface SocketBudget {
  bucket: TokenBucket;
  violations: number;
}

export interface EventGuardHooks {
  onRateLimited?(): void;
  onTooLarge?(): void;
}

/**
 * Per-socket limits on inbound events: a token bucket (answered with `rate_limited`, and past
 * the violation threshold a disconnect) and the payload size limit (`payload_too_large`).
 */
export function createEventGuards(limits: LimitsState, hooks: EventGuardHooks = {}, clock: () => number = Date.now): EventGuard[] {
  const budgets = new WeakMap<GameSocket, SocketBudget>();
  let applied = limits.get();
  limits.onChange((l) => {
    applied = l;
  });

  const rate: EventGuard = (socket) => {
    let budget = budgets.get(socket);
    const now = clock();
    if (!budget) {
      budget = { bucket: new TokenBucket(applied.eventsPerSecond, applied.eventBurst, now), violations: 0 };
      budgets.set(socket, budget);
    } else {
      budget.bucket.configure(applied.eventsPerSecond, applied.eventBurst);
    }
    if (budget.bucket.take(now)) return null;
    budget.violations++;
    hooks.onRateLimited?.();
    if (budget.violations >= applied.disconnectAfterViolations) setImmediate(() => socket.disconnect(true));
    return refusal("rate_limited", `more than ${applied.eventsPerSecond} events per second; slow down`);
  };

  const size: EventGuard = (_socket, _event, args) => {
    const payload = args.filter((a) => typeof a !== "function");
    let bytes = 0;
    try {
      bytes = Buffer.byteLength(JSON.stringify(payload) ?? "");
    } catch {
      return refusal("bad_request", "payload is not serialisable");
    }
    if (bytes <= applied.maxPayloadBytes) return null;
    hooks.onTooLarge?.();
    return refusal("payload_too_large", `payload of ${bytes} bytes exceeds ${applied.maxPayloadBytes}`);
  };

  return [rate, size];
}

function refusal(code: AckError["code"], message: string): AckError {
  return { ok: false, code, message };
}

import type { CommitUnknown } from "../store/game-store.js";

/**
 * Settles a commit whose reply was lost: true applied, false not applied (and never will be),
 * null when the store did not answer within `budgetMs` (the caller then says it does not know).
 */
export async function settleWithin(unknown: CommitUnknown, budgetMs: number, stepMs = 100): Promise<boolean | null> {
  const until = Date.now() + budgetMs;
  for (;;) {
    try {
      return await unknown.settle();
    } catch {
      if (Date.now() + stepMs > until) return null;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

/**
 * Keeps settling in the background after the player was told the outcome is unknown, so that a
 * commit that was applied still reaches the room once the store answers.
 */
export function settleLater(unknown: CommitUnknown, onApplied: () => void, opts: { stepMs?: number; giveUpMs?: number } = {}): void {
  const stepMs = opts.stepMs ?? 500;
  const until = Date.now() + (opts.giveUpMs ?? 120_000);
  const attempt = (): void => {
    unknown.settle().then(
      (applied) => {
        if (applied) onApplied();
      },
      () => {
        if (Date.now() < until) setTimeout(attempt, stepMs).unref();
      },
    );
  };
  attempt();
}

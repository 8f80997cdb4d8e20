import { RawConnectError } from "./connect-error.js";
import type { RawSocket } from "./raw-socket.js";

/** How long a busy node is asked again, at the times it gives, before connecting counts as failed. */
const BUSY_RETRY_FOR_MS = 60_000;

/**
 * Connects a fresh socket from `make`, and after a `server_busy` refusal waits the time it gives
 * and tries again with a new one, as clients are asked to. Rejects with the last `RawConnectError`.
 */
export async function connectHonouringBusy<S extends RawSocket<object, object>>(make: () => S): Promise<S> {
  const giveUpAt = Date.now() + BUSY_RETRY_FOR_MS;
  for (;;) {
    try {
      return await make().connect();
    } catch (err) {
      const wait = err instanceof RawConnectError ? err.retryAfterMs : null;
      if (wait === null || Date.now() + wait > giveUpAt) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Why a connection attempt failed, in a few words (the error code or HTTP status when there is one). */
export function failureKind(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? (e.message ?? String(err)).slice(0, 40);
}

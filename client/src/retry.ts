/** When to send a request again, and when to open a connection again (docs/PROTOCOL.md §3, §2). */
export interface RetryPolicy {
  /** Sends of one request at most, the first included (default 8). */
  attempts: number;
  /** First backoff, ms; doubled on each retry (default 200). */
  baseMs: number;
  /** Backoff ceiling, ms (default 5000). */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 200, maxMs: 5_000 };

/**
 * Answers after which a request is sent again unchanged. With an action id the server never
 * applies it twice, so even an answer that may hide an applied change is safe to resend; without
 * one only answers that say nothing changed are.
 */
const RESEND_WITH_ACTION_ID = new Set(["unavailable", "outcome_unknown", "conflict", "timeout", "disconnected"]);
const RESEND_WITHOUT_ACTION_ID = new Set(["unavailable", "conflict", "disconnected"]);

export function shouldResend(code: string, hasActionId: boolean): boolean {
  return (hasActionId ? RESEND_WITH_ACTION_ID : RESEND_WITHOUT_ACTION_ID).has(code);
}

/** Handshake refusals worth another try; the rest (`bad_request`, `invalid_token`, `origin_not_allowed`) need the caller. */
const RECONNECTABLE = new Set(["server_full", "server_busy", "rate_limited", "draining", "transport_error", "connect_timeout"]);

export function shouldReconnect(code: string): boolean {
  return RECONNECTABLE.has(code) || code.startsWith("http_5");
}

/** Exponential backoff with full jitter, so clients refused together do not return together. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

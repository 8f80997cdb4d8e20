import { clientSchemas, type AckError, type ClientEventName, type ClientPayload } from "@avalon/protocol";
import type { Logger } from "../logger.js";
import type { GameSocket } from "./types.js";

export type Reply = { ok: true; [key: string]: unknown } | AckError;

export interface RequestHooks {
  /**
   * Called for every answered request with its server-side latency, refusals before the handler
   * included (those of an event outside the protocol as "unknown").
   */
  onAnswered?(event: ClientEventName | "unknown", ms: number, reply: Reply): void;
}

function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return "invalid payload";
  const where = first.path.length ? first.path.map(String).join(".") : "payload";
  return `${where}: ${first.message}`;
}

/**
 * Binds one client event: validates the payload with its schema, runs the handler, answers
 * through the ack. A bad payload gets `bad_request` and never reaches the handler; a handler
 * bug gets `internal` and is logged, and the node keeps running.
 */
export function onRequest<E extends ClientEventName>(
  socket: GameSocket,
  event: E,
  handler: (payload: ClientPayload<E>) => Promise<Reply>,
  log: Logger,
  hooks: RequestHooks = {},
): void {
  const schema = clientSchemas[event];
  (socket as unknown as { on(e: string, fn: (...args: unknown[]) => void): void }).on(event, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (args.pop() as (r: Reply) => void) : undefined;
    const started = performance.now();
    const answer = (reply: Reply) => {
      hooks.onAnswered?.(event, performance.now() - started, reply);
      ack?.(reply);
    };
    if (args.length !== 1) {
      answer({ ok: false, code: "bad_request", message: `${event} takes exactly one payload object` });
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      answer({ ok: false, code: "bad_request", message: zodMessage(parsed.error.issues) });
      return;
    }
    handler(parsed.data as ClientPayload<E>).then(answer, (err: unknown) => {
      log.error({ err, event }, "request handler failed");
      answer({ ok: false, code: "internal", message: "internal error" });
    });
  });
}

import { clientSchemas, type Ack, type AckError, type ClientAck, type ClientEventName, type ClientPayload } from "@avalon/protocol";
import type { Logger } from "../logger.js";
import type { GameSocket } from "./types.js";

/** Any answer to a client event: `ok: true` with the event's fields, or an error. */
export type Reply = { ok: true } | AckError;

export interface RequestHooks {
  /**
   * Called for every answered request with its server-side latency, refusals before the handler
   * included (those of an event outside the protocol as "unknown").
   */
  onAnswered?(event: ClientEventName | "unknown", ms: number, reply: Reply): void;
}

/** What a successful answer to an event holds: its ack type, or nothing for an event without an ack. */
type Answer<E extends ClientEventName> = [ClientAck<E>] extends [never] ? Ack : Ack<ClientAck<E>>;

/** What a client event does, for the socket that sent it; shared by every socket. */
export type RequestHandler<E extends ClientEventName> = (socket: GameSocket, payload: ClientPayload<E>) => Promise<Answer<E>>;
export type RequestHandlers = { [E in ClientEventName]: RequestHandler<E> };

function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return "invalid payload";
  const where = first.path.length ? first.path.map(String).join(".") : "payload";
  return `${where}: ${first.message}`;
}

/**
 * Answers one client event: validates the payload with its schema, runs the handler, answers
 * through the ack. A bad payload gets `bad_request` and never reaches the handler; a handler
 * bug gets `internal` and is logged, and the node keeps running.
 */
export function answerRequest<E extends ClientEventName>(
  socket: GameSocket,
  event: E,
  args: unknown[],
  handler: RequestHandler<E>,
  log: Logger,
  hooks: RequestHooks,
): void {
  const last = args[args.length - 1];
  const ack = typeof last === "function" ? (last as (r: Reply) => void) : undefined;
  const count = ack ? args.length - 1 : args.length;
  const started = performance.now();
  const answer = (reply: Reply) => {
    hooks.onAnswered?.(event, performance.now() - started, reply);
    ack?.(reply);
  };
  if (count !== 1) {
    answer({ ok: false, code: "bad_request", message: `${event} takes exactly one payload object` });
    return;
  }
  const parsed = clientSchemas[event].safeParse(args[0]);
  if (!parsed.success) {
    answer({ ok: false, code: "bad_request", message: zodMessage(parsed.error.issues) });
    return;
  }
  handler(socket, parsed.data as ClientPayload<E>).then(answer, (err: unknown) => {
    log.error({ err, event }, "request handler failed");
    answer({ ok: false, code: "internal", message: "internal error" });
  });
}

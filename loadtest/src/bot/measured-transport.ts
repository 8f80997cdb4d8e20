import type { Ack } from "@avalon/protocol";
import type { LocalFailure, Transport } from "@avalon/client";
import type { BotStats } from "./stats.js";

/** Every request's answer time and refusal code into the bot's figures, resends and resyncs included. */
export function measured(inner: Transport, stats: BotStats, closed: () => boolean, refused: (event: string, code: string) => void): Transport {
  return {
    async open(auth, handlers) {
      const opened = await inner.open(auth, handlers);
      if (!opened.ok) return opened;
      const conn = opened.connection;
      return {
        ok: true,
        connection: {
          emit: (event, payload) => conn.emit(event, payload),
          close: () => conn.close(),
          async request(event, payload, timeoutMs) {
            const started = Date.now();
            const answer = await conn.request(event, payload, timeoutMs);
            const r = answer as Ack | LocalFailure;
            if (r.ok) stats.ack(event, Date.now() - started);
            else if (r.code === "timeout" || r.code === "disconnected") {
              // Acks pending when this bot closes are cut off on this side, not lost by the server.
              if (!closed()) stats.error(`timeout:${event}`);
            } else {
              stats.ack(event, Date.now() - started);
              stats.error(r.code);
              refused(event, r.code);
            }
            return answer;
          },
        },
      };
    },
  };
}

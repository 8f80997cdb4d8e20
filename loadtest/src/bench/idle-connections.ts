import { isRefusal } from "../raw/connect-error.js";
import { connectHonouringBusy, failureKind } from "../raw/honour-busy.js";
import { RawSocket } from "../raw/raw-socket.js";

export interface IdleSet {
  open: RawSocket[];
  /** Namespace refusals by code (`server_full`, `draining`, ...). */
  refused: Record<string, number>;
  /** Transport failures by kind (ECONNRESET, EMFILE, HTTP 503, timeouts, ...). */
  failed: Record<string, number>;
  /** Connections that were open and closed without us closing them. */
  dropped(): number;
  pings(): number;
  closeAll(): void;
}

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

/**
 * Opens `count` raw connections that only answer heartbeats, `concurrency` handshakes at a
 * time, and reports how each attempt ended. Bounded: every attempt times out.
 */
export async function openIdle(opts: {
  url: string;
  count: number;
  name?: string;
  localAddress?: string;
  deflate?: boolean;
  concurrency?: number;
  timeoutMs?: number;
  /** Starts the attempts evenly over this long instead of as fast as the concurrency allows, ms. */
  spreadMs?: number;
}): Promise<IdleSet> {
  const open: RawSocket[] = [];
  const refused: Record<string, number> = {};
  const failed: Record<string, number> = {};
  let dropped = 0;
  let closing = false;
  let next = 0;
  const startedAt = Date.now();
  const one = async () => {
    while (next < opts.count) {
      const turn = next++;
      const spread = opts.spreadMs ?? 0;
      if (spread > 0) await new Promise((r) => setTimeout(r, startedAt + (turn * spread) / opts.count - Date.now()));
      let wasOpen = false;
      const make = () =>
        new RawSocket({
          url: opts.url,
          auth: { name: opts.name ?? "idle" },
          deflate: opts.deflate ?? false,
          connectTimeoutMs: opts.timeoutMs ?? 10_000,
          ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        }).onClose((reason) => {
          if (wasOpen && !closing && reason !== "client") dropped++;
        });
      try {
        const s = await connectHonouringBusy(make);
        wasOpen = true;
        open.push(s);
      } catch (err) {
        if (isRefusal(err)) bump(refused, err.code);
        else bump(failed, failureKind(err));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 50 }, one));
  return {
    open,
    refused,
    failed,
    dropped: () => dropped,
    pings: () => open.reduce((s, c) => s + c.pingsAnswered, 0),
    closeAll() {
      closing = true;
      for (const s of open) s.terminate();
    },
  };
}

/** How long the other nodes get to answer; a node that misses it is left out. */
export const GATHER_TIMEOUT_MS = 3_000;

/**
 * The answers of the other nodes to one adapter request (`serverSideEmitWithAck`): all of them,
 * or those that came in time when some node does not answer.
 */
export async function askOtherNodes<T>(ask: () => Promise<T[]>): Promise<T[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T[]>((resolve) => {
    timer = setTimeout(() => resolve([]), GATHER_TIMEOUT_MS + 500);
  });
  const asked = ask().catch((err: { responses?: T[] }) => err.responses ?? []);
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `emitWithAck` needs of a namespace: its adapter. */
export interface AdapterOwner {
  adapter: { serverSideEmit(packet: unknown[]): unknown };
}

/**
 * `serverSideEmitWithAck` through the adapter itself. Socket.IO's own drops the promise of the
 * adapter's call, so a Redis error there (the sharded adapter counts the servers first) became an
 * unhandled rejection; here it rejects this request.
 */
export function emitWithAck<T>(nsp: AdapterOwner, event: string, ...args: unknown[]): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const ack = (err: Error | null, responses: T[]) => (err ? reject(Object.assign(err, { responses })) : resolve(responses));
    Promise.resolve(nsp.adapter.serverSideEmit([event, ...args, ack])).catch(reject);
  });
}

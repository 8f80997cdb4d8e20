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

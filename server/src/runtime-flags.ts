/**
 * The V8 flags a node runs with: `npm start`, the container image and the benchmarks pass them on
 * node's command line, since V8 sizes its heap before any code of ours runs.
 *
 * `--max-semi-space-size=64` (MiB; V8's default is 16 on 64-bit): a request's garbage (frames,
 * patches, views, promises) lives about as long as a room's next few requests. With the default
 * young generation, 10,000 players at human pace filled it every 0.1 s, so that garbage survived
 * two scavenges and was promoted, about 10 MB/s; the old generation then needed a full collection
 * every 10 s, each followed by event-loop stalls of 100-300 ms (docs/BENCHMARKS.md). With 64 MiB
 * most of it dies young: promotion is 5-6 MB/s, a full collection comes every 16-25 s, and a node
 * holds about 100 MiB more.
 */
export const NODE_FLAGS = ["--max-semi-space-size=64"] as const;

/** The flags of NODE_FLAGS this process was started without, on its command line or in NODE_OPTIONS. */
export function missingNodeFlags(execArgv: readonly string[], nodeOptions = ""): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((f) => f.replaceAll("_", "-"));
  return NODE_FLAGS.filter((flag) => {
    const name = flag.split("=")[0] as string;
    return !given.some((g) => g === flag || g.startsWith(`${name}=`));
  });
}

import { progress, verdict, type Table } from "./report.js";
import { rssBytes, sleep, startFixture, startServer, type Child } from "./processes.js";
import { shares, startWorkers, stopWorkers, type Worker } from "./workers.js";

interface OpenResult {
  open: number;
  refused: Record<string, number>;
  failed: Record<string, number>;
}

interface Status {
  open: number;
  dropped: number;
  pings: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const total = (m: Record<string, number>) => sum(Object.values(m));
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

function merge(results: OpenResult[]): OpenResult {
  const out: OpenResult = { open: 0, refused: {}, failed: {} };
  for (const r of results) {
    out.open += r.open;
    for (const [k, v] of Object.entries(r.refused)) out.refused[k] = (out.refused[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.failed)) out.failed[k] = (out.failed[k] ?? 0) + v;
  }
  return out;
}

function kinds(m: Record<string, number>): string {
  const parts = Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.slice(0, 3).join(", ") : "-";
}

async function openOn(workers: Worker[], url: string, count: number, timeoutMs: number): Promise<OpenResult> {
  const n = shares(count, workers.length);
  return merge(await Promise.all(workers.map((w, i) => w.call<OpenResult>("idle.open", { url, count: n[i], localAddress: w.localAddress, concurrency: 100, timeoutMs }))));
}

async function statusOf(workers: Worker[]): Promise<Status> {
  const all = await Promise.all(workers.map((w) => w.call<Status>("idle.status")));
  return { open: sum(all.map((s) => s.open)), dropped: sum(all.map((s) => s.dropped)), pings: sum(all.map((s) => s.pings)) };
}

async function healthy(child: Child, pathname: string): Promise<boolean> {
  return fetch(`${child.url}${pathname}`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false);
}

/** The node's own count of game connections, from /metrics. */
async function serverConnections(child: Child): Promise<number> {
  const text = await fetch(`${child.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text(), () => "");
  let n = 0;
  for (const m of text.matchAll(/^avalon_connections\{[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

export async function capacity(quick: boolean): Promise<Table[]> {
  const cap = quick ? 1500 : 15_000;
  const beyond = quick ? 100 : 500;
  const pingMs = quick ? 3000 : 10_000;
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  const notes: string[] = [];

  progress(`capacity: ${cap} idle connections on one node (cap ${cap})`);
  const server = await startServer({ LIMIT_MAX_CONNECTIONS: String(cap), PING_INTERVAL_MS: String(pingMs), PING_TIMEOUT_MS: "20000" });
  const workers = startWorkers(3);
  const extra = startWorkers(1);
  try {
    await sleep(2000);
    const rss0 = rssBytes(server.pid);
    const t0 = Date.now();
    const held = await openOn(workers, server.url, cap, 15_000);
    const connectS = (Date.now() - t0) / 1000;
    await sleep(3000);
    const rss1 = rssBytes(server.pid);
    const perConn = (rss1 - rss0) / 1024 / Math.max(1, held.open);
    // Two heartbeat rounds: every connection must answer pings or the server drops it.
    await sleep(2 * pingMs + 1000);
    const afterHold = await statusOf(workers);
    const counted = await serverConnections(server);
    progress(`capacity: ${beyond} more connections beyond the cap`);
    const over = await openOn(extra, server.url, beyond, 10_000);
    const up = server.alive() && (await healthy(server, "/readyz"));
    const still = await statusOf(workers);
    rows.push([
      `our node, LIMIT_MAX_CONNECTIONS=${cap}`,
      cap,
      held.open,
      `${connectS.toFixed(1)} s`,
      kinds({ ...held.refused, ...held.failed }),
      `${afterHold.open} (dropped ${afterHold.dropped}, ${afterHold.pings} pings answered)`,
      `${mib(rss0)} -> ${mib(rss1)}`,
      perConn.toFixed(1),
      "yes",
    ]);
    rows.push([`  then ${beyond} more beyond the cap`, beyond, over.open, "-", kinds({ ...over.refused, ...over.failed }), `${still.open} still held`, "-", "-", up ? "yes (/readyz 200)" : "NO"]);
    verdicts.push(verdict(held.open === cap && afterHold.open === cap, `${cap} idle websocket connections held through 2 heartbeat rounds: ${afterHold.open} held, node counts ${counted}`));
    verdicts.push(verdict(perConn <= 10, `server RSS per idle connection ${perConn.toFixed(1)} KiB (target <= 10 KB)`));
    verdicts.push(verdict((over.refused.server_full ?? 0) === beyond && up && still.open === cap, `beyond the cap: ${over.refused.server_full ?? 0} of ${beyond} refused with server_full, node up, ${still.open} still held`));
    await Promise.all([...workers, ...extra].map((w) => w.call("idle.close")));
  } finally {
    await stopWorkers([...workers, ...extra]);
    await server.stop();
  }

  // Baseline (a): a default Socket.IO server has no cap; it accepts until the descriptor limit.
  const attempts = quick ? 3000 : 21_000;
  progress(`capacity: plain Socket.IO baseline, ${attempts} connections against the 20,000-descriptor limit`);
  const plain = await startFixture("plain-socketio.js");
  const pworkers = startWorkers(3);
  try {
    await sleep(1000);
    const rss0 = rssBytes(plain.pid);
    const t0 = Date.now();
    const res = await openOn(pworkers, plain.url, attempts, 5000);
    const connectS = (Date.now() - t0) / 1000;
    await sleep(2000);
    const alive = plain.alive();
    const rss1 = alive ? rssBytes(plain.pid) : 0;
    const healthAtLimit = alive && (await healthy(plain, "/health"));
    const status = await statusOf(pworkers);
    await Promise.all(pworkers.map((w) => w.call("idle.close")));
    await sleep(1000);
    const healthAfter = plain.alive() && (await healthy(plain, "/health"));
    const exit = plain.alive() ? "running" : `exited (${JSON.stringify(await plain.exited)})`;
    rows.push([
      "baseline (a): plain Socket.IO, defaults",
      attempts,
      res.open,
      `${connectS.toFixed(1)} s`,
      kinds({ ...res.refused, ...res.failed }),
      `${status.open} (dropped ${status.dropped})`,
      alive ? `${mib(rss0)} -> ${mib(rss1)}` : "-",
      alive ? ((rss1 - rss0) / 1024 / Math.max(1, res.open)).toFixed(1) : "-",
      `${exit}; HTTP at the limit: ${healthAtLimit ? "answers" : "fails"}; after clients left: ${healthAfter ? "answers" : "fails"}`,
    ]);
    if (/EMFILE/.test(plain.output())) notes.push(`plain Socket.IO output mentions EMFILE: ${plain.output().split("\n").find((l) => l.includes("EMFILE"))?.slice(0, 160)}`);
  } finally {
    await stopWorkers(pworkers);
    await plain.stop();
  }
  return [
    {
      title: "Capacity: idle websocket connections on one node",
      method:
        `Raw websocket clients speaking Engine.IO/Socket.IO by hand (open, \`40{"name":...}\`, answer pings), spread over 3 generator processes with their own loopback source addresses, 100 handshakes in flight per process. ` +
        `Server RSS from /proc before and 3 s after connecting, growth divided by connections held. Our node runs with PING_INTERVAL_MS=${pingMs}; the process descriptor limit is 20,000.`,
      head: ["server", "attempted", "connected", "connect time", "refused / failed", "held after hold", "RSS MiB", "KiB / conn", "server up"],
      rows,
      verdicts,
      notes,
    },
  ];
}

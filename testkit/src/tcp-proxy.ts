import net from "node:net";

export type CutMode =
  /** Stop forwarding in both directions but keep the connections: bytes wait, as on a dead link. */
  | "blackhole"
  /** Reset every connection and refuse new ones, as when a firewall rejects. */
  | "reset";

/**
 * A loopback TCP proxy a test controls, to put a network partition between one node and Redis:
 * `cut()` stops the traffic, `heal()` lets it flow again (blackholed bytes are then delivered,
 * as TCP would after a short outage).
 */
export class TcpProxy {
  readonly port: number;
  private readonly server: net.Server;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private mode: CutMode | null = null;
  /** Connections accepted so far (clients reconnect after a reset). */
  accepted = 0;
  private trigger: { pattern: RegExp; mode: CutMode; fired: () => void } | null = null;

  private constructor(server: net.Server, port: number) {
    this.server = server;
    this.port = port;
  }

  static async start(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = net.createServer((client) => proxy?.accept(client, targetPort, targetHost));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get isCut(): boolean {
    return this.mode !== null;
  }

  cut(mode: CutMode = "blackhole"): void {
    this.mode = mode;
    for (const pair of this.pairs) {
      if (mode === "reset") {
        pair[0].resetAndDestroy();
        pair[1].resetAndDestroy();
      } else {
        pair[0].pause();
        pair[1].pause();
      }
    }
    if (mode === "reset") this.pairs.clear();
  }

  /** Ends a blackhole by resetting its connections instead of delivering what waited. */
  resetAll(): void {
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    this.pairs.clear();
  }

  /**
   * Cuts the link at the moment a client-to-server chunk matching `pattern` passes, holding that
   * chunk back (blackhole) or dropping it with the connection (reset): a partition that strikes
   * while exactly that command is in flight.
   */
  cutOn(pattern: RegExp, mode: CutMode = "blackhole"): Promise<void> {
    return new Promise((resolve) => {
      this.trigger = { pattern, mode, fired: resolve };
    });
  }

  heal(): void {
    this.mode = null;
    for (const [a, b] of this.pairs) {
      a.resume();
      b.resume();
    }
  }

  async stop(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, port: number, host: string): void {
    if (this.mode === "reset") {
      client.resetAndDestroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(port, host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    // Forwarded by hand rather than piped: a pipe resumes a paused source on drain, which would
    // let bytes slip through a cut link.
    this.forward(client, upstream, true);
    this.forward(upstream, client, false);
    if (this.mode === "blackhole") {
      client.pause();
      upstream.pause();
    }
  }

  private forward(from: net.Socket, to: net.Socket, outbound: boolean): void {
    from.on("data", (chunk: Buffer) => {
      if (outbound && this.trigger && this.trigger.pattern.test(chunk.toString("latin1"))) {
        const { fired, mode } = this.trigger;
        this.trigger = null;
        this.cut(mode);
        fired();
        if (mode === "reset") return;
      }
      if (this.mode === "blackhole") {
        // Arrived in the same tick as the cut: hold it back until the heal.
        from.pause();
        from.unshift(chunk);
        return;
      }
      to.write(chunk);
    });
  }
}

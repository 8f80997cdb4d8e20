/**
 * Whether this node takes players: read by every part (handshakes, rooms, metrics, stats), changed
 * only by the Lifecycle. It lives apart from the Lifecycle because the Lifecycle closes those parts,
 * so it is built after them.
 */
export class Readiness {
  /** Set once the node has started; cleared for good at shutdown. */
  started = false;
  /** Set while a drain runs (and for good once shutdown starts). */
  draining = false;

  /**
   * @param dependenciesReady whether what the node serves from is reachable (its Redis
   *   connections); while it is not, readiness fails so the balancer sends players to nodes that
   *   can answer them.
   */
  constructor(private readonly dependenciesReady: () => boolean) {}

  isReady(): boolean {
    return this.started && !this.draining && this.dependenciesReady();
  }
}

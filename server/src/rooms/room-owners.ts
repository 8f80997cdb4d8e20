import type { NodeId, RoomId } from "@avalon/protocol";
import type { GameStore, LeaseRequest } from "../store/game-store.js";
import type { Logger } from "../logger.js";
import type { QueuedAction } from "./apply-batch.js";
import { fail } from "./fail.js";
import type { CommitNote, NodeBus, NodeMessage } from "./forwarded-action.js";
import type { ActResult } from "./room-service.js";

export interface RoomOwnersDeps {
  nodeId: NodeId;
  store: Pick<GameStore, "claim" | "release">;
  bus?: NodeBus;
  /** How long a lease lasts past its last renewal (a claim or a commit), ms. */
  leaseMs: number;
  /** How long a forwarded action waits for its owner's answer, ms. */
  forwardTimeoutMs: number;
  /**
   * Whether this node's commit messages reach every node with a socket in the room and carry a
   * CommitNote, and this node hears the others' (the sharded adapter's room channels).
   */
  acksInCommit?: boolean;
  /** A draining node takes no lease: the rooms it led move to the next node that acts on them. */
  draining: () => boolean;
  log: Logger;
  onForward?: (outcome: ForwardOutcome) => void;
  /** A claim answered: this node holds the lease, another does, or (draining) nobody. */
  onClaim?: (holder: "self" | "other" | "none") => void;
  /** This node took a room over from an owner that stopped answering. */
  onTakeover?: () => void;
}

/** answered: by the owner's reply; acked: in the owner's commit message (accepted actions only). */
export type ForwardOutcome = "answered" | "acked" | "undelivered" | "timeout";
/** An accepted action answered in its commit's message: its version only. */
export type Acked = { ok: true; version: number; duplicate?: undefined };
type Forwarded = { kind: "answered"; result: ActResult } | { kind: "acked"; result: Acked } | { kind: "undelivered" | "timeout" };
type Local = (roomId: RoomId, item: QueuedAction) => Promise<ActResult>;

/** Past this many rooms, owners whose leases ran out are forgotten (rooms this node no longer sees). */
const KNOWN_SWEEP_AT = 4096;
const UNKNOWN = fail("outcome_unknown", "the node leading this room did not answer; resend with the same actionId (it is never applied twice)");
const UNAVAILABLE = fail("unavailable", "the node leading this room is gone and its lease has not run out; nothing was changed, retry shortly");

/**
 * One owner per room across nodes. The room's lease lives with the room in the store: a claim or
 * a commit takes it when it is free, expired or already this node's. The owner commits on its
 * cached record; any other node forwards the action to the owner over the bus and acks its
 * client with the owner's answer. An owner that stops answering loses the room when its lease
 * runs out, and the next node to act takes it over. Leases only route: every commit is still
 * checked against the stored version, so a stale owner loses a race and reloads, never
 * overwrites.
 */
export class RoomOwners {
  /** Who holds each room's lease as far as this node knows, and until when (this node's clock). */
  private readonly known = new Map<RoomId, { owner: NodeId; until: number }>();
  private readonly pending = new Map<string, (answer: Extract<Forwarded, { result: unknown }>) => void>();
  private readonly claiming = new Map<RoomId, Promise<NodeId | null>>();
  private seq = 0;

  constructor(private readonly deps: RoomOwnersDeps) {}

  /** Answers forwarded actions through `local`, and routes the owners' answers to their waiters. */
  listen(local: Local): void {
    this.deps.bus?.onNodeMessage((m) => void this.receive(m, local));
  }

  /** Runs an action where its room's owner is: here through `local`, or forwarded. */
  act(roomId: RoomId, item: QueuedAction, local: Local): Promise<ActResult> {
    return this.route(roomId, item, local, false);
  }

  /**
   * Like `act`, for a caller that needs only the version of an accepted action (the state comes
   * with refusals and duplicates): a forwarded one may be answered in its commit's message.
   */
  play(roomId: RoomId, item: QueuedAction, local: Local): Promise<ActResult | Acked> {
    return this.route(roomId, item, local, this.deps.acksInCommit === true);
  }

  /** A commit of another node was heard: who leads the room, and the answers to this node's forwards. */
  heard(roomId: RoomId, note: CommitNote): void {
    this.learn(roomId, note.owner, note.leaseLeftMs);
    for (const ack of note.acks) this.pending.get(ack.id)?.({ kind: "acked", result: { ok: true, version: ack.version } });
  }

  /** What a commit of this node tells the others: its accepted forwards' answers and its lease. */
  note(roomId: RoomId, acks: CommitNote["acks"]): CommitNote {
    return { acks, owner: this.deps.nodeId, leaseLeftMs: this.leaseLeft(roomId) };
  }

  private route(roomId: RoomId, item: QueuedAction, local: Local, quiet: false): Promise<ActResult>;
  private route(roomId: RoomId, item: QueuedAction, local: Local, quiet: boolean): Promise<ActResult | Acked>;
  private async route(roomId: RoomId, item: QueuedAction, local: Local, quiet: boolean): Promise<ActResult | Acked> {
    const owner = await this.ownerOf(roomId);
    if (owner === null || owner === this.deps.nodeId) return local(roomId, item);
    const forwarded = await this.forward(owner, roomId, item, quiet);
    this.deps.onForward?.(forwarded.kind);
    if (forwarded.kind === "answered" || forwarded.kind === "acked") return forwarded.result;
    this.known.delete(roomId);
    // A silent owner may have applied the action: only an actionId makes running it here safe
    // (a resend of an applied action id is answered as a duplicate).
    if (forwarded.kind === "timeout" && item.meta.actionId === undefined) return UNKNOWN;
    if (!(await this.takeOver(roomId))) return forwarded.kind === "undelivered" ? UNAVAILABLE : UNKNOWN;
    this.deps.onTakeover?.();
    return local(roomId, item);
  }

  /** Whether this node holds the room's lease, so its cached record is the current one. */
  holds(roomId: RoomId): boolean {
    const k = this.known.get(roomId);
    return k !== undefined && k.owner === this.deps.nodeId && k.until > Date.now() && !this.deps.draining();
  }

  /** The lease a commit of this node asks for (none while draining). */
  leaseRequest(): LeaseRequest | undefined {
    return this.deps.draining() ? undefined : { nodeId: this.deps.nodeId, leaseMs: this.deps.leaseMs };
  }

  /** A commit sent at `sentAt` with `lease` landed: the lease runs from then. */
  renewed(roomId: RoomId, sentAt: number, lease: LeaseRequest | undefined): void {
    if (!lease) return;
    // A commit sent before a drain started renewed the lease after the drain gave it up.
    if (this.deps.draining()) void this.deps.store.release([roomId], this.deps.nodeId).catch(() => undefined);
    else if (this.known.get(roomId)?.owner === this.deps.nodeId) this.remember(roomId, this.deps.nodeId, sentAt, lease.leaseMs);
  }

  /** A commit lost a version race: someone else changed the room, so ask again who leads it. */
  lost(roomId: RoomId): void {
    this.known.delete(roomId);
  }

  /** Gives up every lease this node holds (a drain), so the next node to act takes them at once. */
  async releaseAll(): Promise<void> {
    const mine = [...this.known].filter(([, k]) => k.owner === this.deps.nodeId).map(([roomId]) => roomId);
    for (const roomId of mine) this.known.delete(roomId);
    if (mine.length) await this.deps.store.release(mine, this.deps.nodeId);
  }

  private async ownerOf(roomId: RoomId): Promise<NodeId | null> {
    const k = this.known.get(roomId);
    if (k && k.until > Date.now()) return k.owner;
    try {
      return await this.claim(roomId);
    } catch {
      // The store is unreachable: the local path answers for it.
      return null;
    }
  }

  /** One claim per room at a time: actions arriving together share its answer. */
  private claim(roomId: RoomId): Promise<NodeId | null> {
    let running = this.claiming.get(roomId);
    if (!running) {
      running = this.claimNow(roomId).finally(() => this.claiming.delete(roomId));
      this.claiming.set(roomId, running);
    }
    return running;
  }

  private async claimNow(roomId: RoomId): Promise<NodeId | null> {
    const sentAt = Date.now();
    const lease = await this.deps.store.claim(roomId, { nodeId: this.deps.nodeId, leaseMs: this.deps.draining() ? 0 : this.deps.leaseMs });
    if (!lease || lease.owner === null) {
      this.known.delete(roomId);
      if (lease) this.deps.onClaim?.("none");
      return null;
    }
    this.remember(roomId, lease.owner, sentAt, lease.leftMs);
    this.deps.onClaim?.(lease.owner === this.deps.nodeId ? "self" : "other");
    return lease.owner;
  }

  /** Waits for a silent owner's lease to run out and claims the room: false when it did not in time. */
  private async takeOver(roomId: RoomId): Promise<boolean> {
    const until = Date.now() + this.deps.leaseMs + this.deps.forwardTimeoutMs;
    for (;;) {
      let owner: NodeId | null;
      try {
        owner = await this.claim(roomId);
      } catch {
        return false;
      }
      if (owner === null || owner === this.deps.nodeId) return true;
      const left = (this.known.get(roomId)?.until ?? 0) - Date.now();
      if (Date.now() + left > until) return false;
      await new Promise((r) => setTimeout(r, Math.max(left, 0) + 10));
    }
  }

  private forward(owner: NodeId, roomId: RoomId, item: QueuedAction, quiet: boolean): Promise<Forwarded> {
    const bus = this.deps.bus;
    if (!bus) return Promise.resolve({ kind: "undelivered" });
    const id = `${this.deps.nodeId}:${++this.seq}`;
    return new Promise<Forwarded>((resolve) => {
      const done = (f: Forwarded) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(f);
      };
      const timer = setTimeout(() => done({ kind: "timeout" }), this.deps.forwardTimeoutMs);
      this.pending.set(id, done);
      // A failed publish may still have been delivered: only "nobody listens" is certain.
      const message: NodeMessage = { type: "act", id, from: this.deps.nodeId, roomId, action: item.action, meta: item.meta, ...(quiet ? { ackInCommit: true as const } : {}) };
      bus.sendToNode(owner, message).then(
        (delivered) => delivered || done({ kind: "undelivered" }),
        () => undefined,
      );
    });
  }

  private async receive(m: NodeMessage, local: Local): Promise<void> {
    if (m.type === "acted") {
      this.learn(m.roomId, m.from, m.leaseLeftMs);
      this.pending.get(m.id)?.({ kind: "answered", result: m.result });
      return;
    }
    const quiet = m.ackInCommit === true && this.deps.acksInCommit === true;
    // Run here even if the lease moved meanwhile: the version check keeps it safe, and sending it
    // on could bounce between nodes.
    const result = await local(m.roomId, { action: m.action, meta: m.meta, ...(quiet ? { ackInCommit: m.id } : {}) });
    // Accepted and new: its commit's message carried the answer (room-service.ts, applyNow).
    if (quiet && result.ok && !result.duplicate) return;
    const reply: NodeMessage = { type: "acted", id: m.id, from: this.deps.nodeId, roomId: m.roomId, result, leaseLeftMs: this.leaseLeft(m.roomId) };
    await this.deps.bus?.sendToNode(m.from, reply).catch((err: Error) => this.deps.log.warn({ err: err.message, roomId: m.roomId }, "could not answer a forwarded action"));
  }

  /** How long this node's lease on the room has left, ms (0 when it does not hold it). */
  private leaseLeft(roomId: RoomId): number {
    const k = this.known.get(roomId);
    return this.holds(roomId) && k ? k.until - Date.now() : 0;
  }

  /** Another node said whether it leads the room, and for how long. */
  private learn(roomId: RoomId, owner: NodeId, leaseLeftMs: number): void {
    if (leaseLeftMs > 0) this.remember(roomId, owner, Date.now(), leaseLeftMs);
    else if (this.known.get(roomId)?.owner === owner) this.known.delete(roomId);
  }

  private remember(roomId: RoomId, owner: NodeId, from: number, leftMs: number): void {
    // A tenth of the lease is kept in hand for clock drift and the time the reply took.
    const until = from + leftMs - this.deps.leaseMs / 10;
    // Every commit renews the lease: updating the entry in place keeps a busy room's entry in the
    // old generation instead of a new one to copy at each young-generation collection.
    const entry = this.known.get(roomId);
    if (entry) {
      entry.owner = owner;
      entry.until = until;
    } else {
      this.known.set(roomId, { owner, until });
    }
    if (this.known.size > KNOWN_SWEEP_AT) {
      const now = Date.now();
      for (const [id, k] of this.known) if (k.until <= now && k.owner !== this.deps.nodeId) this.known.delete(id);
    }
  }
}

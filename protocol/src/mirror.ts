import type { PatchMessage, PrivateMessage, Snapshot } from "./events.js";
import type { PlayerView, PublicEvent } from "./game.js";
import { applyPatch, PatchError } from "./patch.js";

export type MirrorResult = "applied" | "ignored" | "gap";

/**
 * A client's copy of one room, kept in step by snapshots and versioned patches. A patch whose
 * `from` is not the held version is a gap: the caller asks for a snapshot (`room:sync`). Patches
 * at or below the held version are old news and ignored.
 */
export class RoomMirror {
  view: PlayerView | null = null;
  readonly events: PublicEvent[] = [];

  get version(): number {
    return this.view?.public.version ?? -1;
  }

  snapshot(s: Snapshot): MirrorResult {
    if (this.view && s.version < this.version) return "ignored";
    this.view = s.view;
    return "applied";
  }

  patch(p: PatchMessage): MirrorResult {
    if (!this.view) return "gap";
    if (p.version <= this.version) return "ignored";
    if (p.from !== this.version) return "gap";
    try {
      this.view = { ...this.view, public: applyPatch(this.view.public, p.ops) };
    } catch (err) {
      if (err instanceof PatchError) return "gap";
      throw err;
    }
    this.events.push(...p.events);
    return "applied";
  }

  /** Private views carry no diff: the newest one wins. */
  private(m: PrivateMessage): MirrorResult {
    if (!this.view) return "gap";
    if (m.version < this.version) return "ignored";
    this.view = { ...this.view, private: m.view };
    return "applied";
  }
}

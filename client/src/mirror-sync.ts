import { RoomMirror, type PatchMessage, type PrivateMessage } from "@avalon/protocol";

/** How long a patch from the future may wait for the ones before it before a snapshot is asked for. */
const BEHIND_GRACE_MS = 1000;

/**
 * A `RoomMirror` fed from the wire, as every client of the protocol keeps one: a gap asks for a
 * snapshot at once; a patch that overtook an earlier one (committed on another node) waits a
 * second for it, and if the mirror is still behind then, a snapshot is asked for too.
 */
export class MirrorSync {
  mirror = new RoomMirror();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly resync: () => void,
    private readonly graceMs = BEHIND_GRACE_MS,
  ) {}

  patch(p: PatchMessage): void {
    const result = this.mirror.patch(p);
    if (result === "gap") this.resync();
    else if (result === "buffered" && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.mirror.behind) this.resync();
      }, this.graceMs);
    }
  }

  private(m: PrivateMessage): void {
    if (this.mirror.private(m) === "gap") this.resync();
  }

  /** Stops the pending check. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops, and starts over with an empty mirror (another room). */
  reset(): void {
    this.stop();
    this.mirror = new RoomMirror();
  }
}

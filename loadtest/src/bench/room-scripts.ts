import { RoomMirror, type PatchMessage, type PlayerView } from "@avalon/protocol";

/** The room-wide events a script holds: what every seat of a room receives, and what a relay can echo to all of them. */
export type ScriptEvent = "room:patch" | "chat:message";

/**
 * What one seat of a room received while a real game was played at human pace: its view when the
 * recording began and the room-wide messages after it, in order. Replayed through the relay, it
 * gives the relay's clients the same frames and the same work per message as the game's clients.
 */
export interface RoomScript {
  start: PlayerView;
  messages: [ScriptEvent, Record<string, unknown>][];
}

const isScriptEvent = (event: string): event is ScriptEvent => event === "room:patch" || event === "chat:message";

/** Records one seat's room-wide messages from its mirror's current view on. */
export class ScriptRecorder {
  private readonly script: RoomScript | null;

  constructor(start: PlayerView | null, private readonly maxMessages: number) {
    this.script = start ? { start, messages: [] } : null;
  }

  record(event: string, payload: unknown): void {
    if (this.script && isScriptEvent(event) && this.script.messages.length < this.maxMessages) this.script.messages.push([event, payload as Record<string, unknown>]);
  }

  /** The script, if its patches apply one after another from its start (a seat that fell behind and resynced records none). */
  result(): RoomScript | null {
    if (!this.script || this.script.messages.length === 0) return null;
    const mirror = startMirror(this.script.start);
    const applies = this.script.messages.every(([event, payload]) => event !== "room:patch" || mirror.patch(payload as unknown as PatchMessage) === "applied");
    return applies ? this.script : null;
  }
}

function startMirror(view: PlayerView): RoomMirror {
  const mirror = new RoomMirror();
  mirror.snapshot({ roomId: "", version: view.public.version, view, ts: 0 });
  return mirror;
}

/**
 * One relay seat's place in a script. Every seat of a room receives the relay's echoes in the same
 * order, so the seats move through the script in step: a message is applied when its `seq` is the
 * next one, and the script starts over from its view after its last message. Two seats that send
 * the same next message at once make one echo a duplicate, which is parsed and counted but not
 * applied, as a game client ignores a patch it already has.
 */
export class ScriptCursor {
  private mirror: RoomMirror;
  private pos = 0;

  constructor(private readonly script: RoomScript) {
    this.mirror = startMirror(script.start);
  }

  /** What this seat sends to move its room one message on: the message, numbered `seq`. */
  next(): { event: ScriptEvent; payload: Record<string, unknown>; seq: number } {
    const [event, payload] = this.script.messages[this.pos] as RoomScript["messages"][number];
    return { event, payload, seq: this.pos };
  }

  /** Applies an echoed message as a game client applies the server's; false when a patch did not apply. */
  receive(event: string, payload: { seq?: unknown }): boolean {
    if (payload.seq !== this.pos) return true;
    const applied = event !== "room:patch" || this.mirror.patch(payload as unknown as PatchMessage) === "applied";
    if (++this.pos === this.script.messages.length) {
      this.pos = 0;
      this.mirror = startMirror(this.script.start);
    }
    return applied;
  }
}

import { useCallback, useState } from "react";
import type { AdminCommand } from "@avalon/protocol";
import { describeAckError } from "./ack-words";
import { describeChanges } from "./change-words";
import { useSession } from "./session-context";
import { request } from "./socket";

export interface CommandOutcome {
  ok: boolean;
  /** The server's result, or the refusal in words. */
  text: string;
  at: number;
}

export interface AdminCommandRunner {
  send(command: AdminCommand): Promise<CommandOutcome>;
  pending: boolean;
  outcome: CommandOutcome | null;
  clear(): void;
}

/** Sends operator commands one at a time and keeps the last outcome to show. */
export function useAdminCommand(): AdminCommandRunner {
  const { socket } = useSession();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<CommandOutcome | null>(null);

  const send = useCallback(
    async (command: AdminCommand) => {
      setPending(true);
      const ack = await request(socket, "admin:command", command);
      const next: CommandOutcome = ack.ok
        ? { ok: true, text: ack.changes.length ? `${commandWords(command)}. ${describeChanges(ack.changes)}.` : `${commandWords(command)}; nothing changed.`, at: Date.now() }
        : { ok: false, text: describeAckError(ack), at: Date.now() };
      setPending(false);
      setOutcome(next);
      return next;
    },
    [socket],
  );

  const clear = useCallback(() => setOutcome(null), []);
  return { send, pending, outcome, clear };
}

/** What the operator asked for, in a few words. */
export function commandWords(command: AdminCommand): string {
  switch (command.type) {
    case "set_limits":
      return "Cluster limits changed";
    case "set_node_cap":
      return `Connection cap set on ${command.nodeId}`;
    case "clear_node_cap":
      return `Connection cap override cleared on ${command.nodeId}`;
    case "drain":
      return `Drain started on ${command.nodeId}`;
    case "cancel_drain":
      return `Drain cancelled on ${command.nodeId}`;
    case "close_room":
      return `Room ${command.roomId} closed`;
  }
}

import { useCallback, useState } from "react";
import type { AdminCommand } from "@avalon/protocol";
import { describeAckError } from "./ack-words";
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
        ? { ok: true, text: ack.result, at: Date.now() }
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

import { useState } from "react";
import type { RoomStats } from "@avalon/protocol";
import { useAdminCommand } from "../../../lib/use-admin-command";
import { CommandResult } from "../../../ui/CommandResult";
import { ConfirmDialog } from "../../../ui/ConfirmDialog";
import { closeRoomConfirm } from "../data/confirm-text";

/** The close-room command, confirmed first; rendered only for operators by its caller. */
export function CloseRoomButton({ room, onClosed }: { room: RoomStats; onClosed?(): void }) {
  const command = useAdminCommand();
  const [asking, setAsking] = useState(false);
  const text = closeRoomConfirm(room);

  const confirm = async () => {
    setAsking(false);
    const outcome = await command.send({ type: "close_room", roomId: room.roomId });
    if (outcome.ok) onClosed?.();
  };

  return (
    <div className="close-room">
      <button
        type="button"
        className="danger"
        disabled={command.pending || room.phase === "ended"}
        onClick={() => setAsking(true)}
        data-testid={`close-room-${room.roomId}`}
      >
        Close room
      </button>
      <CommandResult outcome={command.outcome} pending={command.pending} />
      {asking && (
        <ConfirmDialog title={text.title} confirmLabel={text.confirmLabel} onConfirm={() => void confirm()} onCancel={() => setAsking(false)}>
          <p>{text.body}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

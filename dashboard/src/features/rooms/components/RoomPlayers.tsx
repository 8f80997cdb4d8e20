import type { RoomPlayer } from "@avalon/protocol";
import { Badge } from "../../../ui/Badge";
import { Notice } from "../../../ui/Notice";

/** Who sits where, whether they are connected, and on which node; roles are never shown. */
export function RoomPlayers({ players }: { players: readonly RoomPlayer[] }) {
  if (players.length === 0) return <Notice>Nobody is seated.</Notice>;
  return (
    <>
      <h3>Players</h3>
      <ol className="room-players" data-testid="room-players">
        {players.map((p) => (
          <li key={p.playerId} data-testid="room-player">
            <span className="num muted">seat {p.seat + 1}</span> <strong>{p.name}</strong>
            {p.host && <span className="muted small"> (host)</span>}{" "}
            {p.connected ? <Badge tone="ok">connected</Badge> : <Badge tone="error">disconnected</Badge>}{" "}
            <span className="mono small">{p.nodes.join(", ") || "no node"}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

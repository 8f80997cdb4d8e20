import { useMemo } from "react";
import type { RoomId } from "@avalon/protocol";
import { formatBytes, formatClock, formatDateTime, formatDuration, formatNumber } from "../../../lib/format";
import { useIsOperator } from "../../../lib/session-context";
import { Notice } from "../../../ui/Notice";
import { CloseRoomButton } from "../../controls/components/CloseRoomButton";
import { describeTimeline } from "../data/timeline-words";
import { roomHref } from "../data/room-query";
import { useRoomDetail } from "../hooks/use-room-detail";
import { RoomPlayers } from "./RoomPlayers";

export function RoomDetail({ roomId, onClose }: { roomId: RoomId; onClose(): void }) {
  const { data, error } = useRoomDetail(roomId);
  const isOperator = useIsOperator();
  // Newest first: an operator looking at a live room wants what just happened.
  const lines = useMemo(() => (data ? describeTimeline(data.timeline, data.players).reverse() : []), [data]);

  return (
    <aside className="panel room-detail" data-testid="room-detail" aria-label={`Room ${roomId}`}>
      <header className="room-detail-header">
        <h2>
          Room{" "}
          <a className="mono" href={roomHref(roomId)} title="A link to this room" data-testid="room-link">
            {roomId}
          </a>
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      {error && <Notice tone="error">{error}</Notice>}
      {!data && !error && <Notice>Loading…</Notice>}
      {data && (
        <>
          <dl className="stats">
            <div>
              <dt>Phase</dt>
              <dd>{data.room.phase.replace("_", " ")}</dd>
            </div>
            <div>
              <dt>Players</dt>
              <dd>{data.room.players}</dd>
            </div>
            <div>
              <dt>Spectators</dt>
              <dd>{data.room.spectators}</dd>
            </div>
            <div>
              <dt>Traffic</dt>
              <dd>
                {formatNumber(data.room.msgsPerSec)} msg/s · {formatBytes(data.room.bytesPerSec)}/s
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd title={formatDateTime(data.room.createdAt)}>{formatDuration(data.room.ageSec)} ago</dd>
            </div>
            <div>
              <dt>Nodes</dt>
              <dd className="mono small">{data.room.nodes.join(", ") || "–"}</dd>
            </div>
          </dl>
          {isOperator && <CloseRoomButton room={data.room} />}
          <RoomPlayers players={data.players} />
          <h3>Timeline</h3>
          {lines.length === 0 ? (
            <Notice>No public events yet.</Notice>
          ) : (
            <ol className="timeline" data-testid="room-timeline">
              {lines.map((line, i) => (
                // One action can add several events under the same version.
                <li key={`${line.version}-${i}`}>
                  <time className="muted mono small">{formatClock(line.ts)}</time>
                  <span>{line.text}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}

import type { RoomId, RoomSortKey, RoomStats } from "@avalon/protocol";
import { formatBytes, formatDuration, formatNumber } from "../../../lib/format";
import type { SortState } from "../../../lib/sort";
import { Badge } from "../../../ui/Badge";
import { SortHeader } from "../../../ui/SortHeader";

export interface RoomsTableProps {
  rooms: RoomStats[];
  sort: SortState<RoomSortKey>;
  selected: RoomId | null;
  onSort(key: RoomSortKey): void;
  onSelect(roomId: RoomId): void;
}

/** One page of rooms; sorting happens on the server, so only its sort keys are clickable. */
export function RoomsTable({ rooms, sort, selected, onSort, onSelect }: RoomsTableProps) {
  return (
    <table className="table rooms-table" data-testid="rooms-table">
      <thead>
        <tr>
          <SortHeader label="Room" column="roomId" sort={sort} onSort={onSort} />
          <SortHeader label="Phase" column="phase" sort={sort} onSort={onSort} />
          <SortHeader label="Players" column="players" sort={sort} onSort={onSort} numeric />
          <th className="num">Spectators</th>
          <th>Nodes</th>
          <SortHeader label="Msgs/s" column="msgsPerSec" sort={sort} onSort={onSort} numeric />
          <SortHeader label="Bytes/s" column="bytesPerSec" sort={sort} onSort={onSort} numeric />
          <SortHeader label="Age" column="ageSec" sort={sort} onSort={onSort} numeric />
        </tr>
      </thead>
      <tbody>
        {rooms.map((room) => (
          <tr
            key={room.roomId}
            data-testid={`room-row-${room.roomId}`}
            className={`clickable${room.roomId === selected ? " selected" : ""}`}
            tabIndex={0}
            aria-selected={room.roomId === selected}
            onClick={() => onSelect(room.roomId)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onSelect(room.roomId);
              }
            }}
          >
            <td className="mono">{room.roomId}</td>
            <td>
              <span className={`phase phase-${room.phase}`}>{room.phase.replace("_", " ")}</span>
              {room.status === "abandoned" && (
                <>
                  {" "}
                  <Badge tone="warn" testId="room-abandoned">
                    abandoned
                  </Badge>
                </>
              )}
            </td>
            <td className="num">{room.players}</td>
            <td className="num">{room.spectators}</td>
            <td className="mono small">{room.nodes.length ? room.nodes.join(", ") : "–"}</td>
            <td className="num">{formatNumber(room.msgsPerSec)}</td>
            <td className="num">{formatBytes(room.bytesPerSec)}/s</td>
            <td className="num">{formatDuration(room.ageSec)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

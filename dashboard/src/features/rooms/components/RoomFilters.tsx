import { PHASES, ROOM_STATUSES, type Phase, type RoomStatus } from "@avalon/protocol";
import { normaliseRoomSearch } from "../data/room-query";

export interface RoomFiltersProps {
  phase: Phase | "";
  status: RoomStatus | "";
  search: string;
  onPhase(phase: Phase | ""): void;
  onStatus(status: RoomStatus | ""): void;
  onSearch(search: string): void;
}

export function RoomFilters({ phase, status, search, onPhase, onStatus, onSearch }: RoomFiltersProps) {
  return (
    <div className="filters" role="search">
      <label>
        Show{" "}
        <select value={status} onChange={(e) => onStatus(e.target.value as RoomStatus | "")} data-testid="rooms-status">
          {ROOM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="">all rooms</option>
        </select>
      </label>
      <label>
        Phase{" "}
        <select value={phase} onChange={(e) => onPhase(e.target.value as Phase | "")} data-testid="rooms-phase">
          <option value="">All phases</option>
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {p.replace("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <label>
        Room code{" "}
        <input
          type="search"
          value={search}
          placeholder="e.g. K3X9"
          maxLength={16}
          onChange={(e) => onSearch(normaliseRoomSearch(e.target.value))}
          data-testid="rooms-search"
        />
      </label>
    </div>
  );
}

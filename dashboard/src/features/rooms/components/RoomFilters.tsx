import { PHASES, type Phase } from "@avalon/protocol";
import { normaliseRoomSearch } from "../data/room-query";

export interface RoomFiltersProps {
  phase: Phase | "";
  search: string;
  onPhase(phase: Phase | ""): void;
  onSearch(search: string): void;
}

export function RoomFilters({ phase, search, onPhase, onSearch }: RoomFiltersProps) {
  return (
    <div className="filters" role="search">
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

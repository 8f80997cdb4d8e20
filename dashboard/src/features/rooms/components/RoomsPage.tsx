import { useEffect, useState } from "react";
import type { RoomSortKey } from "@avalon/protocol";
import { toggleSort } from "../../../lib/sort";
import { Notice } from "../../../ui/Notice";
import { INITIAL_ROOM_TABLE, clampPage, startsDescending, type RoomTableState } from "../data/room-query";
import { useRoomLink } from "../hooks/use-room-link";
import { useRooms } from "../hooks/use-rooms";
import { Pager } from "./Pager";
import { RoomDetail } from "./RoomDetail";
import { RoomFilters } from "./RoomFilters";
import { RoomsTable } from "./RoomsTable";

export function RoomsPage() {
  const [table, setTable] = useState<RoomTableState>(INITIAL_ROOM_TABLE);
  const [selected, setSelected] = useRoomLink();
  const { data, error, loading } = useRooms(table);
  const total = data?.total ?? 0;

  // Rooms close while someone reads page 40; follow the table back to its last page.
  useEffect(() => {
    if (!data) return;
    const page = clampPage(table.page, data.total, table.pageSize);
    if (page !== table.page) setTable((t) => ({ ...t, page }));
  }, [data, table.page, table.pageSize]);

  const update = (patch: Partial<RoomTableState>) => setTable((t) => ({ ...t, page: 0, ...patch }));
  const onSort = (key: RoomSortKey) => update({ sort: toggleSort(table.sort, key, startsDescending(key)) });

  return (
    <div className="page" data-testid="rooms">
      <div className="toolbar">
        <h2>Rooms</h2>
        <RoomFilters
          phase={table.phase}
          status={table.status}
          search={table.search}
          onPhase={(phase) => update({ phase })}
          onStatus={(status) => update({ status })}
          onSearch={(search) => update({ search })}
        />
        <span className="muted small" aria-live="polite">
          {loading ? "Refreshing…" : "Refreshed every 2 s"}
        </span>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      <div className={`rooms-layout${selected ? " with-detail" : ""}`}>
        <div className="panel table-wrap">
          {!data ? (
            !error && <Notice>Loading rooms…</Notice>
          ) : (
            <>
              <RoomsTable rooms={data.rooms} sort={table.sort} selected={selected} onSort={onSort} onSelect={setSelected} />
              {data.rooms.length === 0 && <Notice>No rooms match.</Notice>}
              <Pager
                page={table.page}
                pageSize={table.pageSize}
                total={total}
                onPage={(page) => setTable((t) => ({ ...t, page }))}
                onPageSize={(pageSize) => update({ pageSize })}
              />
            </>
          )}
        </div>
        {selected && <RoomDetail key={selected} roomId={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}

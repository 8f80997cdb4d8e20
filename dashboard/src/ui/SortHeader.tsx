import type { SortState } from "../lib/sort";

export interface SortHeaderProps<K extends string> {
  label: string;
  column: K;
  sort: SortState<K>;
  onSort(column: K): void;
  numeric?: boolean;
}

/** A column header that sorts its table; aria-sort tells assistive tech the current order. */
export function SortHeader<K extends string>({ label, column, sort, onSort, numeric }: SortHeaderProps<K>) {
  const active = sort.key === column;
  const arrow = active ? (sort.desc ? "▼" : "▲") : "";
  return (
    <th
      className={numeric ? "num" : undefined}
      aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
    >
      <button type="button" className={`sort-button${active ? " active" : ""}`} onClick={() => onSort(column)}>
        {label} <span aria-hidden="true">{arrow}</span>
      </button>
    </th>
  );
}

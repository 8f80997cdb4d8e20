export interface SortState<K extends string> {
  key: K;
  desc: boolean;
}

/** Clicking the sorted column flips it; another column starts in its natural direction. */
export function toggleSort<K extends string>(current: SortState<K>, key: K, startDesc = true): SortState<K> {
  return current.key === key ? { key, desc: !current.desc } : { key, desc: startDesc };
}

export type SortValue = string | number | boolean | null | undefined;

/** A sorted copy; ties keep their input order, and empty values sort last either way. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, desc: boolean): T[] {
  const dir = desc ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      const aEmpty = a.v === null || a.v === undefined;
      const bEmpty = b.v === null || b.v === undefined;
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      const c = compare(a.v, b.v);
      return c !== 0 ? c * dir : a.index - b.index;
    })
    .map((x) => x.row);
}

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

import { formatNumber } from "../../../lib/format";
import { PAGE_SIZES, pageCount } from "../data/room-query";

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
  onPageSize(size: number): void;
}

export function Pager({ page, pageSize, total, onPage, onPageSize }: PagerProps) {
  const pages = pageCount(total, pageSize);
  const first = total === 0 ? 0 : page * pageSize + 1;
  const last = Math.min(total, (page + 1) * pageSize);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)} rooms
      </span>
      <button type="button" onClick={() => onPage(0)} disabled={page === 0} aria-label="First page">
        «
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0} data-testid="rooms-prev">
        Previous
      </button>
      <span>
        Page {page + 1} of {formatNumber(pages)}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages - 1} data-testid="rooms-next">
        Next
      </button>
      <button type="button" onClick={() => onPage(pages - 1)} disabled={page >= pages - 1} aria-label="Last page">
        »
      </button>
      <label>
        Per page{" "}
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}

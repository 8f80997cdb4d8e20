/** The HTTP status of a GET, or 0 when nothing answered within a second. */
export function fetchStatus(url: string): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.status,
    () => 0,
  );
}

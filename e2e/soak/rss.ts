import { readFileSync } from "node:fs";

/** Resident set size of a process, bytes (Linux /proc), or null once it is gone. */
export function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

export const mib = (bytes: number | null): string => (bytes === null ? "-" : `${(bytes / 1048576).toFixed(1)} MiB`);

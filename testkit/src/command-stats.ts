/** Anything that answers Redis's INFO, such as an ioredis client. */
export interface InfoSource {
  info(section: string): Promise<string>;
}

/**
 * Calls per command (lower case, as Redis names them, commands run inside scripts included) from
 * an INFO reply holding its commandstats section, since the last CONFIG RESETSTAT. INFO and CONFIG
 * are left out: they are the reader's own calls.
 */
export function parseCommandCalls(info: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const name = m[1] as string;
    if (name !== "info" && name !== "config") out.set(name, Number(m[2]));
  }
  return out;
}

/** Calls per command on one Redis server, from INFO commandstats. */
export async function commandCalls(server: InfoSource): Promise<Map<string, number>> {
  return parseCommandCalls(await server.info("commandstats"));
}

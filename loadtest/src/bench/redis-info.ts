import { Redis } from "ioredis";
import { parseCommandCalls } from "@avalon/testkit";

/** What Redis itself counted: commands (those run inside scripts included, INFO and CONFIG excluded), bytes in and out, memory and keys. */
export interface RedisFigures {
  commands: number;
  /** The same calls by command name (lower case, as INFO names them). */
  byCommand: Map<string, number>;
  bytesIn: number;
  bytesOut: number;
  usedMemory: number;
  keys: number;
  /** CPU time Redis has used, user + system, seconds. */
  cpuSeconds: number;
}

export async function readRedis(url: string): Promise<RedisFigures> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    // Redis leaves INFO itself out of commandstats; its reply (a few KB) is in the bytes out.
    const info = await redis.info("all");
    const num = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
    const byCommand = parseCommandCalls(info);
    const commands = [...byCommand.values()].reduce((a, b) => a + b, 0);
    return { commands, byCommand, bytesIn: num("total_net_input_bytes"), bytesOut: num("total_net_output_bytes"), usedMemory: num("used_memory"), keys: Number(/^db0:keys=(\d+)/m.exec(info)?.[1] ?? 0), cpuSeconds: num("used_cpu_user") + num("used_cpu_sys") };
  } finally {
    redis.disconnect();
  }
}

import type { RedisClient } from "../cluster/redis-connection.js";

/** Called with every command's outcome, for the Redis latency histogram. */
export type RedisObserver = (command: string, ms: number, failed: boolean) => void;

interface SentCommand {
  name: string;
  promise: Promise<unknown>;
}

/**
 * Times every command the client sends. ioredis has no command hook; every command of a client,
 * its own connection setup included, passes through `sendCommand`, so that one method is wrapped
 * on this client. Written for the ioredis version in library-versions.ts.
 */
export function observeCommands(client: RedisClient, observer: RedisObserver): RedisClient {
  const target = sendingClient(client);
  const send = target.sendCommand.bind(client);
  target.sendCommand = (cmd, ...rest) => {
    const started = performance.now();
    const out = send(cmd, ...rest);
    cmd.promise.then(
      () => observer(cmd.name, performance.now() - started, false),
      () => observer(cmd.name, performance.now() - started, true),
    );
    return out;
  };
  return client;
}

/** Counts the commands a client sends (a pipeline's or a script call's each count once), through the same method. */
export function countCommands(client: RedisClient, onCommand: () => void): void {
  const target = sendingClient(client);
  const send = target.sendCommand.bind(client);
  target.sendCommand = (cmd, ...rest) => {
    onCommand();
    return send(cmd, ...rest);
  };
}

function sendingClient(client: RedisClient): { sendCommand: (cmd: SentCommand, ...rest: unknown[]) => unknown } {
  return client as unknown as { sendCommand: (cmd: SentCommand, ...rest: unknown[]) => unknown };
}

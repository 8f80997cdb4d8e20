import { io, type Socket } from "socket.io-client";
import type { Ack, AckError, AdminClientToServerEvents, AdminServerToClientEvents } from "@avalon/protocol";

export type AdminSocket = Socket<AdminServerToClientEvents, AdminClientToServerEvents>;
export type AdminRequestName = keyof AdminClientToServerEvents;
export type AdminRequestPayload<E extends AdminRequestName> = Parameters<AdminClientToServerEvents[E]>[0];
export type AdminAck<E extends AdminRequestName> = Parameters<Parameters<AdminClientToServerEvents[E]>[1]>[0];
export type AdminReply<E extends AdminRequestName> = Extract<AdminAck<E>, { ok: true }>;
export type AdminHello = Parameters<AdminServerToClientEvents["admin:hello"]>[0];

/** How long a request may wait for its ack before it is reported as unanswered. */
export const REQUEST_TIMEOUT_MS = 8_000;

/** The admin namespace on the page's own origin (the node serving it, or the dev proxy). */
export function createAdminSocket(token: string): AdminSocket {
  return io("/admin", {
    auth: { token },
    autoConnect: false,
    // One manager per session: a new token must never ride on the previous session's connection.
    forceNew: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
}

export function teardownAdminSocket(socket: AdminSocket): void {
  socket.removeAllListeners();
  socket.disconnect();
}

interface AckEmitter {
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

/**
 * Sends one admin request and resolves with its ack; never rejects. Requests are not buffered
 * while disconnected: a command replayed minutes later (a drain, say) would surprise its sender.
 */
export async function request<E extends AdminRequestName>(
  socket: AdminSocket,
  event: E,
  payload: AdminRequestPayload<E>,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<AdminAck<E>> {
  if (!socket.connected) {
    return unanswered("Not connected to the server; nothing was sent. Try again once the connection is live.") as AdminAck<E>;
  }
  try {
    const ack = await (socket as unknown as AckEmitter).timeout(timeoutMs).emitWithAck(event, payload);
    return (isAck(ack) ? ack : unanswered("The server sent a reply this dashboard does not understand.")) as AdminAck<E>;
  } catch {
    return unanswered(
      `The server did not answer within ${Math.round(timeoutMs / 1000)} s. A command may or may not have run: check the audit log.`,
    ) as AdminAck<E>;
  }
}

function unanswered(message: string): AckError {
  return { ok: false, code: "unavailable", message };
}

function isAck(value: unknown): value is Ack {
  return typeof value === "object" && value !== null && typeof (value as { ok?: unknown }).ok === "boolean";
}

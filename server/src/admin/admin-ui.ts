import { randomBytes } from "node:crypto";
import { instrument } from "@socket.io/admin-ui";
import type { Socket } from "socket.io";
import type { GameServer } from "../transport/types.js";
import type { AuthLockout } from "./auth-lockout.js";
import { limitAdminSocket, type AdminRateOptions } from "./admin-rate-limit.js";
import { PasswordChecker } from "./password-check.js";

export const ADMIN_UI_NAMESPACE = "/socket.io-admin";

export interface AdminUiDeps {
  auth: { username: string; passwordHash: string };
  lockout: AuthLockout;
  /** The client's address (behind the balancer, the one it wrote). */
  addressOf: (socket: Socket) => string;
  /** Login attempts one connection may make before it is cut off. */
  attemptsPerConnection?: number;
  rate: AdminRateOptions;
  onAuthFailure?(): void;
}

type AuthError = Error & { data: { code: string; message: string } };

function refusal(code: string, message: string): AuthError {
  return Object.assign(new Error(code), { data: { code, message } });
}

/**
 * @socket.io/admin-ui in production mode. Its own basic auth runs bcrypt on the event loop, once
 * per guess, without limit; so the login is checked here instead: the address lockout shared with
 * `/admin`, a cap on attempts per connection, and the password compared on a worker thread. A
 * successful login gets a session id, as the admin UI's own auth gives, to reconnect with.
 */
/** Admin UI session ids remembered at most; each successful login adds one. */
const MAX_SESSIONS = 1000;

export function mountAdminUi(io: GameServer, deps: AdminUiDeps): { close(): Promise<void> } {
  const nsp = io.of(ADMIN_UI_NAMESPACE);
  const checker = new PasswordChecker(deps.auth.passwordHash);
  const sessions = new Set<string>();
  const attempts = new WeakMap<object, number>();
  const perConnection = deps.attemptsPerConnection ?? 3;

  nsp.use((socket, next) => {
    void (async () => {
      const address = deps.addressOf(socket);
      const tried = (attempts.get(socket.conn) ?? 0) + 1;
      attempts.set(socket.conn, tried);
      if (tried > perConnection) {
        next(refusal("rate_limited", `at most ${perConnection} login attempts per connection`));
        socket.conn.close();
        return;
      }
      if (await deps.lockout.blocked(address)) return next(refusal("rate_limited", "too many failed attempts; wait a minute"));
      const auth = (socket.handshake.auth ?? {}) as { sessionId?: unknown; username?: unknown; password?: unknown };
      if (typeof auth.sessionId === "string" && sessions.has(auth.sessionId)) return next();
      const verdict = auth.username === deps.auth.username ? await checker.check(auth.password) : "mismatch";
      if (verdict === "busy") return next(refusal("rate_limited", "too many logins being checked; retry shortly"));
      if (verdict === "mismatch") {
        deps.onAuthFailure?.();
        await deps.lockout.failed(address);
        return next(refusal("invalid_credentials", "invalid credentials"));
      }
      const sessionId = randomBytes(16).toString("hex");
      // Oldest first out: a login's session id only spares a reconnect its password check.
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.values().next().value as string);
      sessions.add(sessionId);
      // The admin UI's own event, outside the game protocol's types.
      (socket as unknown as { emit(event: string, id: string): void }).emit("session", sessionId);
      next();
    })().catch((err: unknown) => next(err as Error));
  });
  nsp.on("connection", (socket) => limitAdminSocket(socket, deps.rate));

  instrument(io as never, { auth: false, mode: "production", namespaceName: ADMIN_UI_NAMESPACE });
  return { close: () => checker.close() };
}

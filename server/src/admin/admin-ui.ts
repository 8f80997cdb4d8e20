import { instrument } from "@socket.io/admin-ui";
import type { GameServer } from "../transport/types.js";

/** @socket.io/admin-ui in production mode, behind its own basic auth (bcrypt hash from the environment). */
export function mountAdminUi(io: GameServer, auth: { username: string; passwordHash: string }): void {
  instrument(io as never, {
    auth: { type: "basic", username: auth.username, password: auth.passwordHash },
    mode: "production",
    namespaceName: "/socket.io-admin",
  });
}

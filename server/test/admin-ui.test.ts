import { afterAll, describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { io as connect } from "socket.io-client";
import { startNode, stopAll } from "@avalon/testkit";

afterAll(stopAll);

function tryAdminUi(url: string, username: string, password: string): Promise<string> {
  const s = connect(`${url}/socket.io-admin`, { transports: ["websocket"], auth: { username, password }, reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    s.once("connect", () => {
      s.close();
      resolve("connected");
    });
    s.once("connect_error", (e) => {
      s.close();
      resolve(e.message);
    });
  });
}

describe("@socket.io/admin-ui in production", () => {
  it("is mounted behind its own basic auth", async () => {
    const { url } = await startNode({
      NODE_ENV: "production",
      SECRET: "production-secret-0123456789",
      ADMIN_TOKEN: "operator-token-0123456789",
      VIEWER_TOKEN: "viewer-token-0123456789",
      ADMIN_UI_USERNAME: "ops",
      ADMIN_UI_PASSWORD_HASH: bcrypt.hashSync("right-password", 4),
    });
    expect(await tryAdminUi(url, "ops", "wrong-password")).not.toBe("connected");
    expect(await tryAdminUi(url, "ops", "right-password")).toBe("connected");
  });

  it("refuses to start in production without tokens and secret", async () => {
    await expect(startNode({ NODE_ENV: "production" })).rejects.toThrow(/SECRET|ADMIN_TOKEN/);
  });
});

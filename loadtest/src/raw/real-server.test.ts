import { afterAll, describe, expect, it } from "vitest";
import type { AdminClientToServerEvents, AdminServerToClientEvents, SessionInfo } from "@avalon/protocol";
import { startNode, stopAll } from "@avalon/testkit";
import { RawConnectError } from "./connect-error.js";
import { RawSocket } from "./raw-socket.js";

const open: RawSocket<object, object>[] = [];
afterAll(async () => {
  for (const s of open.splice(0)) s.close();
  await stopAll();
});

function track<L extends object, E extends object>(s: RawSocket<L, E>): RawSocket<L, E> {
  open.push(s as unknown as RawSocket<object, object>);
  return s;
}

describe("RawSocket against a real node", () => {
  it("connects, receives its session, creates a room and gets the ack", async () => {
    const { url } = await startNode();
    const s = track(new RawSocket({ url, auth: { name: "raw" } }));
    const session = new Promise<SessionInfo>((r) => s.on("session", r));
    await s.connect();
    expect((await session).name).toBe("raw");
    const res = await s.request("room:create", { options: { maxPlayers: 5 } });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.roomId).toMatch(/^[A-Z0-9]+$/);
    expect(res.snapshot.view.public.players).toHaveLength(1);
    const chat = new Promise<{ text: string; ts: number }>((r) => s.on("chat:message", r));
    expect(await s.request("chat:send", { roomId: res.roomId, text: "hello" })).toMatchObject({ ok: true });
    expect((await chat).text).toBe("hello");
  });

  it("gets the server's refusal code for a handshake without a name", async () => {
    const { url } = await startNode();
    const err = await track(new RawSocket({ url, auth: {} })).connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawConnectError);
    expect((err as RawConnectError).code).toBe("bad_request");
  });

  it("gets a refusal answer as an ack value", async () => {
    const { url } = await startNode();
    const s = track(new RawSocket({ url, auth: { name: "raw" } }));
    await s.connect();
    expect(await s.request("room:join", { roomId: "NOPE1" })).toMatchObject({ ok: false, code: "room_not_found" });
  });

  it("joins the admin namespace with a token", async () => {
    const { url } = await startNode({ ADMIN_TOKEN: "admin-token-0123456789", VIEWER_TOKEN: "viewer-token-0123456789" });
    const s = track(new RawSocket<AdminServerToClientEvents, AdminClientToServerEvents>({ url, nsp: "/admin", auth: { token: "viewer-token-0123456789" } }));
    await s.connect();
    expect(await s.request("admin:subscribe", {})).toMatchObject({ ok: true, role: "viewer" });
  });
});

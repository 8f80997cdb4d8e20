import { z } from "zod";
import type { AckFn } from "./errors.js";
import {
  adminCommandSchema,
  auditQuerySchema,
  historyQuerySchema,
  roomQuerySchema,
  type AdminRole,
  type AuditChange,
  type AuditEntry,
  type HistoryReply,
  type LoadTestRunSummary,
  type RoomPlayer,
  type RoomStats,
  type TimelineEntry,
} from "./admin.js";
import { acked } from "./event-spec.js";
import { roomIdSchema } from "./schemas.js";

/** Every request of the admin namespace, each defined once: its payload schema and what its ack carries. */
export const ADMIN_EVENT_TABLE = {
  "admin:subscribe": acked<{ role: AdminRole }>()(z.object({ rooms: z.boolean().optional() }).strict()),
  /** `pageSize` is the page size applied: at most `MAX_ROOM_PAGE_SIZE`, whatever was asked. */
  "admin:rooms": acked<{ total: number; rooms: RoomStats[]; pageSize?: number }>()(roomQuerySchema),
  "admin:room": acked<{ room: RoomStats; players: RoomPlayer[]; timeline: TimelineEntry[] }>()(z.object({ roomId: roomIdSchema }).strict()),
  "admin:audit": acked<{ entries: AuditEntry[] }>()(auditQuerySchema),
  "admin:history": acked<HistoryReply>()(historyQuerySchema),
  "admin:loadtests": acked<{ runs: LoadTestRunSummary[] }>()(z.object({}).strict()),
  "admin:command": acked<{ result: string; changes: AuditChange[] }>()(adminCommandSchema),
};

type Table = typeof ADMIN_EVENT_TABLE;
export type AdminEventName = keyof Table;
export type AdminRequest<E extends AdminEventName> = z.input<Table[E]["schema"]>;
export type AdminPayload<E extends AdminEventName> = z.output<Table[E]["schema"]>;
export type AdminAck<E extends AdminEventName> = NonNullable<Table[E]["ack"]>;

/** The admin namespace's requests, derived from `ADMIN_EVENT_TABLE`. */
export type AdminClientToServerEvents = {
  [E in AdminEventName]: (req: AdminRequest<E>, ack: AckFn<AdminAck<E>>) => void;
};

export const ADMIN_EVENTS = Object.keys(ADMIN_EVENT_TABLE) as AdminEventName[];

import type { z } from "zod";

/**
 * One client-to-server event: the schema its payload must pass and, as a type only, what a
 * successful ack carries; `null` for an event sent without an ack.
 */
export interface EventSpec<S extends z.ZodType, A extends object | null> {
  schema: S;
  ack?: A;
}

/** An event answered through its ack with `{ ok: true } & A` or an error. */
export const acked =
  <A extends object>() =>
  <S extends z.ZodType>(schema: S): EventSpec<S, A> => ({ schema });

/** An event sent without an ack. */
export const unacked = <S extends z.ZodType>(schema: S): EventSpec<S, null> => ({ schema });

/** The schema of every event of a table, by name. */
export function schemasOf<T extends Record<string, EventSpec<z.ZodType, object | null>>>(table: T): { [E in keyof T]: T[E]["schema"] } {
  return Object.fromEntries(Object.entries(table).map(([e, spec]) => [e, spec.schema])) as { [E in keyof T]: T[E]["schema"] };
}

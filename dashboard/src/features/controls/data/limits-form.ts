import { limitsSchema, type Limits } from "@avalon/protocol";
import { LIMIT_FIELDS, type LimitName } from "../../../lib/limit-fields";

/** What the operator typed, per field; a field not in the draft shows the value in force. */
export type LimitDraft = Partial<Record<LimitName, string>>;
export type LimitErrors = Partial<Record<LimitName, string>>;

export type LimitsValidation = { ok: true; changed: Partial<Limits> } | { ok: false; errors: LimitErrors };

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
}

const formatter = new Intl.NumberFormat("en-US");

function issueWords(issue: SchemaIssue): string {
  if (issue.code === "too_small") return `Must be at least ${formatter.format(Number(issue.minimum))}`;
  if (issue.code === "too_big") return `Must be at most ${formatter.format(Number(issue.maximum))}`;
  if (issue.code === "invalid_type" && issue.expected === "int") return "Must be a whole number";
  return issue.message;
}

/**
 * Checks the draft with the protocol's own `limitsSchema` (over the values in force, so the
 * whole set is judged as the server will) and returns only the fields that differ.
 */
export function validateLimitDraft(draft: LimitDraft, inForce: Limits): LimitsValidation {
  const errors: LimitErrors = {};
  const candidate: Limits = { ...inForce };
  for (const { name } of LIMIT_FIELDS) {
    const raw = draft[name];
    if (raw === undefined) continue;
    const trimmed = raw.trim();
    const value = Number(trimmed);
    if (trimmed === "" || !Number.isFinite(value)) errors[name] = "Enter a number";
    else candidate[name] = value;
  }

  const parsed = limitsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues as SchemaIssue[]) {
      const field = issue.path[0] as LimitName;
      if (draft[field] !== undefined && !errors[field]) errors[field] = issueWords(issue);
    }
  }
  if (!errors.eventBurst && !errors.eventsPerSecond && candidate.eventBurst < candidate.eventsPerSecond) {
    // The bucket refills at the rate; a burst below it would refuse a client sending at the allowed rate.
    const message = `Burst must be at least the event rate (${formatter.format(candidate.eventsPerSecond)})`;
    if (draft.eventBurst !== undefined) errors.eventBurst = message;
    else errors.eventsPerSecond = `Rate must be at most the burst (${formatter.format(candidate.eventBurst)})`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const changed: Partial<Limits> = {};
  for (const { name } of LIMIT_FIELDS) {
    if (draft[name] !== undefined && candidate[name] !== inForce[name]) changed[name] = candidate[name];
  }
  return { ok: true, changed };
}

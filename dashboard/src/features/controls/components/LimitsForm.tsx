import { useState, type FormEvent } from "react";
import type { AdminCommand } from "@avalon/protocol";
import { formatNumber } from "../../../lib/format";
import { LIMIT_FIELDS, limitsNamedIn, type LimitName } from "../../../lib/limit-fields";
import type { CommandOutcome } from "../../../lib/use-admin-command";
import { validateLimitDraft, type LimitDraft, type LimitErrors } from "../data/limits-form";
import type { LimitsInForce } from "../data/limits-in-force";

export interface LimitsFormProps {
  inForce: LimitsInForce;
  pending: boolean;
  send(command: AdminCommand): Promise<CommandOutcome>;
}

/** Cluster-wide limits; only the fields the operator changed are sent. */
export function LimitsForm({ inForce, pending, send }: LimitsFormProps) {
  const [draft, setDraft] = useState<LimitDraft>({});
  const [errors, setErrors] = useState<LimitErrors>({});
  const [note, setNote] = useState<string | null>(null);

  const edit = (name: LimitName, value: string) => {
    setDraft((d) => ({ ...d, [name]: value }));
    setErrors((e) => ({ ...e, [name]: undefined }));
    setNote(null);
  };

  const reset = () => {
    setDraft({});
    setErrors({});
    setNote(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = validateLimitDraft(draft, inForce.values);
    if (!result.ok) {
      setErrors(result.errors);
      setNote("Fix the fields marked below; nothing was sent.");
      return;
    }
    if (Object.keys(result.changed).length === 0) {
      setNote("Nothing changed: every field equals the value in force.");
      return;
    }
    const outcome = await send({ type: "set_limits", limits: result.changed });
    if (outcome.ok) {
      setDraft({});
      return;
    }
    // The server judged the whole set: mark the fields its refusal names, else every changed one.
    const named = limitsNamedIn(outcome.text);
    const marked = named.length ? named : (Object.keys(result.changed) as LimitName[]);
    setErrors(Object.fromEntries(marked.map((n) => [n, "Refused by the server (see the message above)"])));
    setNote("The server refused this change; nothing was applied.");
  };

  return (
    <form className="panel limits-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Rate limits and connection caps">
      <h3>Rate limits and connection caps</h3>
      <p className="muted small">Applied to every node. Only the fields you change are sent.</p>
      <table className="table form-table">
        <thead>
          <tr>
            <th>Limit</th>
            <th>New value</th>
            <th className="num">In force</th>
          </tr>
        </thead>
        <tbody>
          {LIMIT_FIELDS.map((field) => {
            const current = inForce.values[field.name];
            const range = inForce.varies[field.name];
            const error = errors[field.name];
            const edited = draft[field.name] !== undefined && draft[field.name] !== String(current);
            return (
              <tr key={field.name} className={edited ? "edited" : undefined}>
                <td>
                  <label htmlFor={`limit-${field.name}`}>{field.label}</label>
                  <div className="muted small">{field.help}</div>
                </td>
                <td>
                  <input
                    id={`limit-${field.name}`}
                    type="number"
                    inputMode="decimal"
                    step={field.integer ? 1 : "any"}
                    value={draft[field.name] ?? String(current)}
                    onChange={(e) => edit(field.name, e.target.value)}
                    aria-invalid={error ? true : undefined}
                    className={error ? "field-invalid" : undefined}
                    aria-describedby={error ? `limit-${field.name}-error` : undefined}
                    data-testid={`limit-input-${field.name}`}
                  />{" "}
                  <span className="muted small">{field.unit}</span>
                  {error && (
                    <div className="field-error" id={`limit-${field.name}-error`} role="alert">
                      {error}
                    </div>
                  )}
                </td>
                <td className="num" data-testid={`limit-current-${field.name}`}>
                  {formatNumber(current)} <span className="muted small">{field.unit}</span>
                  {range && (
                    <div className="muted small">
                      nodes: {formatNumber(range.min)}–{formatNumber(range.max)}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="form-actions">
        {note && <span className="muted">{note}</span>}
        <button type="button" onClick={reset} disabled={pending}>
          Reset
        </button>
        <button type="submit" className="primary" disabled={pending} data-testid="limits-submit">
          Apply limits
        </button>
      </div>
    </form>
  );
}

import type { ReactNode } from "react";

export type BadgeTone = "ok" | "warn" | "error" | "neutral";

export function Badge({ tone, children, testId }: { tone: BadgeTone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

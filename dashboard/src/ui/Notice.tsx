import type { ReactNode } from "react";

/** An inline message for empty, loading and failed states. */
export function Notice({ tone = "info", children }: { tone?: "info" | "error"; children: ReactNode }) {
  return (
    <p className={`notice notice-${tone}`} role={tone === "error" ? "alert" : undefined}>
      {children}
    </p>
  );
}

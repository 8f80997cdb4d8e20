import { useState, type FormEvent } from "react";

export interface LoginPageProps {
  /** Why the last attempt failed, in words. */
  error: string | null;
  onSubmit(token: string): void;
}

export function LoginPage({ error, onSubmit }: LoginPageProps) {
  const [token, setToken] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSubmit(trimmed);
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} data-testid="login">
        <h1>Avalon realtime</h1>
        <p className="muted">Operator dashboard. Sign in with an operator or viewer token.</p>
        <label htmlFor="token">Admin token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={token}
          onChange={(e) => setToken(e.target.value)}
          data-testid="login-token"
        />
        {error && (
          <p className="notice notice-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={!token.trim()} data-testid="login-submit">
          Sign in
        </button>
        <p className="muted small">The token is kept only for this browser tab.</p>
      </form>
    </main>
  );
}

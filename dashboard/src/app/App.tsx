import { useCallback, useState } from "react";
import { LoginPage } from "../features/auth/components/LoginPage";
import { clearToken, loadToken, saveToken } from "../features/auth/data/token-storage";
import { Session } from "./Session";

export function App() {
  const [token, setToken] = useState<string | null>(() => loadToken());
  const [loginError, setLoginError] = useState<string | null>(null);

  const login = useCallback((next: string) => {
    saveToken(next);
    setLoginError(null);
    setToken(next);
  }, []);

  const rejected = useCallback((message: string) => {
    clearToken();
    setToken(null);
    setLoginError(message);
  }, []);

  const logout = useCallback(() => {
    clearToken();
    setToken(null);
    setLoginError(null);
  }, []);

  if (!token) return <LoginPage error={loginError} onSubmit={login} />;
  return <Session key={token} token={token} onRejected={rejected} onLogout={logout} />;
}

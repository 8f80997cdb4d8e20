const KEY = "avalon.admin.token";

/** The token lives for this browser tab only (sessionStorage), never in localStorage. */
export function loadToken(storage: Pick<Storage, "getItem"> = sessionStorage): string | null {
  const token = storage.getItem(KEY);
  return token && token.trim() ? token : null;
}

export function saveToken(token: string, storage: Pick<Storage, "setItem"> = sessionStorage): void {
  storage.setItem(KEY, token);
}

export function clearToken(storage: Pick<Storage, "removeItem"> = sessionStorage): void {
  storage.removeItem(KEY);
}

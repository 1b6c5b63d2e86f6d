/**
 * The signed-in session, kept in sessionStorage (per tab, gone when the tab closes; never a cookie). A tiny
 * external store so React (useSyncExternalStore) and the API client's middleware read the same value.
 */
export type Role = 'admin' | 'supervisor' | 'inspector' | 'employer';
export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The districts the user watches, when the sign-in response carries them (else GET /users/me tells). */
  districts?: string[] | null;
  /** An `employer` user's employer (CONTRACT §2); absent for staff. */
  employerId?: number | null;
};
export type Session = { token: string; user: SessionUser; expiresAt: number | null };

const KEY = 'patuh.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The JWT's `exp` (ms since epoch), or null when the token carries none or is not a JWT. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export const sessionStore = {
  get: (): Session | null => current,
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  set(next: Session | null): void {
    current = next;
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
    listeners.forEach((fn) => fn());
  },
  /** True when there is no session or its token has expired. */
  expired(s: Session | null = current): boolean {
    return !s || (s.expiresAt !== null && s.expiresAt <= Date.now());
  },
};

/** Where the sign-in page should send the user back to: the current in-app path and query. */
export function currentPath(): string {
  const p = window.location.pathname.replace(/^\/console/, '') || '/';
  return p + window.location.search;
}

/** The session ended under us (expired or revoked token): sign out and go to sign-in, coming back here after. */
export function expireSession(): void {
  sessionStore.set(null);
  const next = currentPath();
  if (!next.startsWith('/login'))
    window.location.assign(`/console/login?next=${encodeURIComponent(next)}&expired=1`);
}

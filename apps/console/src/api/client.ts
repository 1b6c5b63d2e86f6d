import createClient, { type Middleware } from 'openapi-fetch';
import type { TFunction } from 'i18next';
import type { paths } from './schema';
import { expireSession, sessionStore } from '../app/session';

/** An API error: the HTTP status and the problem+json body (CONTRACT §1), when there was one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      title?: string;
      detail?: string;
      errors?: { path: string; message: string }[];
    } | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const s = sessionStore.get();
    if (s && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${s.token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A token that expired or was revoked (user deactivated): back to sign-in, then to this page.
    if (
      response.status === 401 &&
      !new URL(request.url).pathname.endsWith('/auth/login') &&
      sessionStore.get()
    )
      expireSession();
    return response;
  },
};

/** The typed client (paths from the API's own OpenAPI document: `npm run openapi:types`). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** `data` of an openapi-fetch result, or an ApiError thrown (for TanStack Query). */
export async function unwrap<T>(
  p: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let r;
  try {
    r = await p;
  } catch {
    throw new ApiError(0, null); // network
  }
  if (r.error !== undefined || !r.response.ok)
    throw new ApiError(r.response.status, (r.error as ApiError['problem']) ?? null);
  return r.data as NonNullable<T>;
}

/** A fetch with the session's token for routes the generated schema does not know yet, or for binary bodies. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const s = sessionStore.get();
  const headers = new Headers(init.headers);
  if (s) headers.set('Authorization', `Bearer ${s.token}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.status === 401 && s) expireSession();
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, problem);
  }
  return res;
}

/** JSON from apiFetch. */
export async function apiJson<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await apiFetch(path, init)).json()) as T;
}

/** What went wrong, in the reader's words (the server's detail appended when it gave one). */
export function problemMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('common:error.unexpected');
  const s = error.status;
  const key =
    s === 0
      ? 'network'
      : s === 401
        ? 'unauthorized'
        : s === 403
          ? 'forbidden'
          : s === 404
            ? 'notFound'
            : s === 409
              ? 'conflict'
              : s >= 500
                ? 'server'
                : 'badRequest';
  const base = t(`common:error.${key}`);
  const detail =
    error.problem?.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? error.problem?.detail;
  return detail && s >= 400 && s < 500 && s !== 401 && s !== 404 ? `${base} (${detail})` : base;
}

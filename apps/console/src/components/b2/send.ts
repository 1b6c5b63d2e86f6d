import { apiFetch } from '../../api/client';

/** A JSON request for a mutation; the parsed body, or null for 204/empty. Errors throw ApiError (problem+json). */
export async function send<T = unknown>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T | null> {
  const res = await apiFetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return text ? (JSON.parse(text) as T) : null;
}

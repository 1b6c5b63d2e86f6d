import type { OpenAPIObject } from '@nestjs/swagger';

type Responses = Record<string, unknown>;
interface Op {
  parameters?: { in?: string; name?: string }[];
  requestBody?: unknown;
  security?: Record<string, unknown>[];
  responses?: Responses;
}

const PROBLEM = { $ref: '#/components/schemas/ProblemView' };
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM } },
});

/**
 * The answers any operation may give, whatever its controller declares, added to the document where the operation
 * does not list them (issue #16: the fuzz suite found them undocumented): 400 for a malformed parameter, query or
 * body (unknown query parameters are refused everywhere), 401 and 403 on guarded operations (no or bad credentials;
 * a principal without the role), 404 where a path parameter names a resource, 413 and 415 on operations that read a
 * body (Fastify parses one on every POST, PATCH, PUT and DELETE), 422 where an Idempotency-Key is read (reused with
 * another body), and 429 from the global rate limit. All of them
 * are application/problem+json.
 */
export function withCommonProblems(doc: OpenAPIObject, globalSecurity = true): OpenAPIObject {
  for (const ops of Object.values(doc.paths ?? {}))
    for (const [method, raw] of Object.entries(ops as Record<string, unknown>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as Op;
      const responses = (op.responses ??= {});
      const add = (status: number, description: string) => {
        if (!responses[String(status)]) responses[String(status)] = problem(description);
      };
      const guarded = op.security ? op.security.some((s) => Object.keys(s).length > 0) : globalSecurity;
      add(400, 'A malformed parameter, query or body');
      if (guarded) {
        add(401, 'No or bad credentials');
        add(403, 'The principal may not do this');
      }
      if (op.parameters?.some((p) => p.in === 'path')) add(404, 'No such resource');
      if (method !== 'get') {
        add(413, 'The request body is larger than the limit');
        add(415, 'The request body has a content type this operation does not accept');
      }
      if (op.parameters?.some((p) => p.in === 'header' && p.name?.toLowerCase() === 'idempotency-key'))
        add(422, 'The Idempotency-Key was used before with another body');
      add(429, 'Too many requests; see Retry-After');
    }
  return doc;
}

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>
  >;
  components?: { schemas?: Record<string, Json> };
}

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable: true` becomes a null alternative, examples go, and every
 * object that lists its properties without saying otherwise is closed (additionalProperties: false), so a
 * response field the document does not describe fails too (the console's generated client would not know it).
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'example' || k === 'nullable') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)]));
      continue;
    }
    out[k] = toJsonSchema(v);
  }
  if (out.properties && out.additionalProperties === undefined && out.type === 'object')
    out.additionalProperties = false;
  if (src.nullable === true) {
    if (typeof out.type === 'string' && !out.$ref && !out.allOf) {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Validates response bodies against the operation's documented response schema. */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly components: Json;
  /** "method path status" of every response checked. */
  readonly checked = new Set<string>();

  constructor(private readonly doc: OpenApiDoc) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.components = { schemas: toJsonSchema(doc.components?.schemas ?? {}) as Json };
  }

  /** The operations of the document, as "method path". */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  }

  /**
   * Errors of `body` against the schema of (method, path template, status, content type); a status the
   * operation does not document, or a body where none is documented, is an error too.
   */
  errors(method: string, path: string, status: number, contentType: string, body: unknown): string[] {
    const op = this.doc.paths[path]?.[method];
    if (!op) return [`${method} ${path} is not in the document`];
    const response = op.responses?.[String(status)];
    if (!response) return [`${method} ${path} answered ${status}, which the document does not list`];
    this.checked.add(`${method} ${path} ${status}`);
    const type = contentType.split(';')[0]!.trim();
    if (!response.content) return status === 204 ? [] : [`${method} ${path} ${status} documents no body`];
    const media = response.content[type];
    if (!media?.schema) return [`${method} ${path} ${status} documents no schema for ${type}`];
    const key = `${method} ${path} ${status} ${type}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...(toJsonSchema(media.schema) as Json), components: this.components });
      this.cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${method} ${path} ${status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}

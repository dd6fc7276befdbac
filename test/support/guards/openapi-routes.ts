/**
 * The API as the guard suites see it: the route table joined with the served OpenAPI spec, giving
 * each /api/v1 route its declared access, body and query schemas ($refs resolved) and the statuses
 * it documents.
 */
import type { RouteInfo } from '../../../src/platform/http/types.ts';
import type { TestApp } from '../app.ts';

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that Steward's contracts produce. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
}
export interface OpenApiSpec {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface ApiRoute {
  /** `METHOD /api/v1/…` exactly as the route table spells it; used in every failure message. */
  name: string;
  method: string;
  url: string;
  access: string;
  /** Path parameter names in order (`:id`, `:userId`). */
  params: string[];
  body?: JsonSchema;
  /** The query parameters as one object schema (closed unless listed in `openQueryRoutes`). */
  query?: JsonSchema;
  /** Statuses the route documents in the spec. */
  statuses: number[];
  paginated: boolean;
}

/**
 * Routes whose query string must accept parameters nobody declared: an OpenID Connect provider adds
 * its own (`session_state`, …) to the callback. Every other query schema is strict.
 */
export const openQueryRoutes = new Set(['GET /api/v1/auth/oidc/callback']);

export async function loadSpec(t: TestApp): Promise<OpenApiSpec> {
  const res = await t.anonymous.get('/api/openapi.json');
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}`);
  return res.json() as OpenApiSpec;
}

/** Replaces every `$ref: #/components/schemas/X` with the schema it names (recursively). */
export function resolveRefs(schema: JsonSchema, spec: OpenApiSpec, seen: string[] = []): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = spec.components?.schemas?.[name];
    if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`);
    if (seen.includes(name)) return {};
    return resolveRefs(target, spec, [...seen, name]);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, spec, seen)]));
  if (schema.items) out.items = resolveRefs(schema.items, spec, seen);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (schema[key]) out[key] = schema[key]!.map((s) => resolveRefs(s, spec, seen));
  }
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = resolveRefs(schema.additionalProperties, spec, seen);
  return out;
}

/** Every /api/v1 route of the route table with its OpenAPI operation; throws naming a route missing from the spec. */
export function apiRoutes(inventory: RouteInfo[], spec: OpenApiSpec): ApiRoute[] {
  return inventory
    .filter((r) => r.url.startsWith('/api/v1/'))
    .map((r) => {
      const name = `${r.method} ${r.url}`;
      const op = spec.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      if (!op) throw new Error(`${name} is missing from the OpenAPI spec`);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
      const query: JsonSchema | undefined = queryParams.length
        ? {
            type: 'object',
            properties: Object.fromEntries(queryParams.map((p) => [p.name, resolveRefs(p.schema, spec)])),
            required: queryParams.filter((p) => p.required).map((p) => p.name),
            additionalProperties: openQueryRoutes.has(name),
          }
        : undefined;
      return {
        name,
        method: r.method,
        url: r.url,
        access: r.access ?? 'undeclared',
        params: [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
        body: bodySchema ? resolveRefs(bodySchema, spec) : undefined,
        query,
        statuses: Object.keys(op.responses ?? {}).map(Number),
        paginated: r.paginated,
      };
    });
}

import fastJsonStringify from 'fast-json-stringify';
import { z } from 'zod';

/**
 * Response serialisation from the routes' zod schemas, compiled once per route and status.
 *
 * Routes declare their responses in zod (which also feeds the OpenAPI document). Encoding each
 * answer through zod and then `JSON.stringify` walked every value twice and cost a tenth of the CPU
 * of a simple authenticated list. Instead, each response schema is converted to JSON Schema once,
 * and fast-json-stringify compiles a serialiser for it. Like zod's encoding, it writes only the
 * declared properties, so a field added to a database record never leaks into an answer by
 * accident; `Date` values become ISO 8601 strings, as `JSON.stringify` writes them.
 *
 * Schemas that have no JSON Schema form (transforms) keep zod's encoding.
 */

type Serializer = (data: unknown) => string;

/** zod types whose output cannot be described for the serialiser (see `toJsonSchema`). */
const UNREPRESENTABLE = new Set([
  'transform',
  'pipe',
  'custom',
  'bigint',
  'symbol',
  'map',
  'set',
  'function',
  'promise',
]);

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    // Unrepresentable types become "any" (serialised as JSON.stringify would) and are then checked:
    // dates are the one expected, written as ISO strings; anything else keeps zod's encoding.
    unrepresentable: 'any',
    override: (context) => {
      const type = context.zodSchema._zod.def.type;
      if (UNREPRESENTABLE.has(type)) throw new Error(`${type} has no JSON Schema form`);
      if (type === 'date') {
        context.jsonSchema.type = 'string';
        context.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;
}

function zodEncoding(schema: z.ZodType): Serializer {
  return (data) => JSON.stringify(z.encode(schema, data));
}

/**
 * @example
 * app.setSerializerCompiler(({ schema }) => compileResponseSerializer(schema as z.ZodType));
 */
export function compileResponseSerializer(schema: z.ZodType): Serializer {
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = toJsonSchema(schema);
  } catch {
    return zodEncoding(schema);
  }
  return fastJsonStringify(jsonSchema) as Serializer;
}

import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION } from '../../version.js';

/** A content security policy without `upgrade-insecure-requests`. */
export function withoutUpgradeInsecureRequests(policy: string): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && directive.toLowerCase() !== 'upgrade-insecure-requests')
    .join('; ');
}

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, served at `/docs` (the JSON document at
 * `/docs/json`). Register before the routes: the generator records routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ectus API',
        version: VERSION,
        description: 'Errors are `{ error: { code, message, details? } }` with a stable `ECTUS_*` code.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An access token from /api/v1/auth/login, or an API key (ectus_...).',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // The viewer's own policy asks browsers to fetch its scripts over https, which breaks /docs on
    // an instance served over plain http on a local network; the rest of the policy stays.
    transformStaticCSP: withoutUpgradeInsecureRequests,
  });
}

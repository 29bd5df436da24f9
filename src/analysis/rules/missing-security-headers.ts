import { isTestDoublePath } from '../ast.js';
import { type ServerApp, type ServerFramework, serverFileCollector } from '../express-app.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { staticValues } from '../static-values.js';

/** Packages that set the security headers: helmet and its framework ports, lusca, Hono's secureHeaders. */
const HEADER_PACKAGE = /(^|\/)(helmet|koa-helmet|fastify-helmet|helmet-csp|lusca|secure-headers)$/;
/** Plugin loaders register a folder of plugins this file cannot see; one of them may be helmet. */
const PLUGIN_LOADERS = new Set(['@fastify/autoload', 'fastify-autoload']);
/** A file that names one of the main headers sets them itself. */
const HEADER_NAME =
  /['"`](content-security-policy|x-frame-options|strict-transport-security|x-content-type-options)['"`:]/i;
/** Middleware whose name says it is about these headers: `app.use(securityHeaders())`, `register(helmetPlugin)`. */
const HEADER_MIDDLEWARE = /helmet|secur|headers|csp|lusca|hsts|frameguard/i;
const MAYBE_APP = /\bexpress\b|\bfastify\b|\bkoa\b|@nestjs\/core/i;

const FIXES: Record<ServerFramework, { label: string; fix: string }> = {
  express: { label: 'Express', fix: '`app.use(helmet())` (package helmet)' },
  fastify: { label: 'Fastify', fix: '`app.register(helmet)` (package @fastify/helmet)' },
  koa: { label: 'Koa', fix: '`app.use(helmet())` (package koa-helmet)' },
  nest: { label: 'NestJS', fix: '`app.use(helmet())` (package helmet)' },
};

/** True when one of the app's `use`/`register` calls installs middleware named for security headers. */
function configuresHeaders(app: ServerApp, text: string): boolean {
  return app.calls.some((call) => {
    const callee = call.callee as AstNode;
    const method = callee.type === 'MemberExpression' && !callee.computed ? callee.property : null;
    if (method?.type !== 'Identifier' || (method.name !== 'use' && method.name !== 'register')) return false;
    return call.arguments.some((argument) => HEADER_MIDDLEWARE.test(text.slice(argument.start, argument.end)));
  });
}

export default defineRule({
  id: 'missing-security-headers',
  meta: {
    description:
      'An Express, Fastify, Koa or NestJS app served from this file without helmet or its own security headers (Content-Security-Policy, X-Frame-Options, HSTS, X-Content-Type-Options).',
    category: 'security',
    severity: 'low',
    cwe: [693],
    messages: {
      missingHeaders:
        'This {{framework}} app is served without security headers (no helmet or equivalent): its pages get no Content-Security-Policy, no clickjacking protection, no HSTS, and browsers may MIME-sniff responses. Add {{fix}} before the routes, or set these headers yourself.',
    },
  },
  create(context) {
    const { text } = context.source;
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || !MAYBE_APP.test(text)) return {};
    if (HEADER_NAME.test(text)) return {};
    // The calls and imports are gathered during the engine's walk, not by a walk of the rule's own.
    const collector = serverFileCollector();
    return {
      ...collector.visitors,
      'Program:exit'(program) {
        const file = collector.finish(program, staticValues(program, text));
        for (const module of file.modules) if (HEADER_PACKAGE.test(module) || PLUGIN_LOADERS.has(module)) return;
        for (const app of file.apps) {
          // A mounted app answers through its parent; one handed to other code may be configured there;
          // a factory that adds no routes is a wrapper, whose callers add the middleware.
          // An app that routes nothing answers 404 to everything (a bare server for WebSockets).
          const served = (app.started && (app.hasRoutes || app.hasMiddleware)) || (app.handedOut && app.hasRoutes);
          if (!served || app.mounted || app.handedOff || configuresHeaders(app, text)) continue;
          const { label, fix } = FIXES[app.framework];
          context.report({ node: app.node, messageId: 'missingHeaders', data: { framework: label, fix } });
        }
      },
    };
  },
});

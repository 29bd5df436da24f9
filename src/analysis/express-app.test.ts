import { describe, expect, it } from 'vitest';
import { type ServerApp, serverFile } from './express-app.js';
import { parseSource } from './parse.js';
import type { NodeOfType } from './rule.js';
import { staticValues } from './static-values.js';
import { forEachDescendant } from './traverse.js';

function appsOf(code: string, filename = 'src/server.ts'): { apps: ServerApp[]; modules: ReadonlySet<string> } {
  const parsed = parseSource(filename, code);
  if (!parsed.ok) throw new Error(parsed.diagnostic.message);
  const program = parsed.program as unknown as NodeOfType<'Program'>;
  // Parents on every node, as the engine leaves them by `Program:exit`.
  forEachDescendant(program, () => undefined);
  return serverFile(program, staticValues(program, code));
}

function summary(app: ServerApp): Record<string, unknown> {
  const { framework, name, started, handedOut, hasRoutes, hasMiddleware, mounted, handedOff } = app;
  return { framework, name, started, handedOut, hasRoutes, hasMiddleware, mounted, handedOff };
}

describe('serverFile', () => {
  it('finds an Express app, its middleware and routes, and where it is started', () => {
    const { apps, modules } = appsOf(`import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet());
app.get('/health', (req, res) => res.send('ok'));
app.listen(3000);`);
    expect([...modules]).toEqual(['express', 'helmet']);
    expect(apps.map(summary)).toEqual([
      {
        framework: 'express',
        name: 'app',
        started: true,
        handedOut: false,
        hasRoutes: true,
        hasMiddleware: true,
        mounted: false,
        handedOff: false,
      },
    ]);
    expect(apps[0]?.calls).toHaveLength(3);
  });

  it('does not take a router or a setting read for an app or a route', () => {
    const { apps } = appsOf(`const express = require('express');
const router = express.Router();
const app = express();
const env = app.get('env');
module.exports = app;`);
    expect(apps.map(summary)).toEqual([
      {
        framework: 'express',
        name: 'app',
        started: false,
        handedOut: true,
        hasRoutes: false,
        hasMiddleware: false,
        mounted: false,
        handedOff: false,
      },
    ]);
  });

  it('tells apart two variables of the same name in different functions', () => {
    const { apps } = appsOf(`const express = require('express');
function main() {
  const app = express();
  configure(app);
  app.listen(3000);
}
function sockets() {
  const app = express();
  require('http').createServer(app).listen(3001);
}`);
    expect(apps.map((a) => [a.started, a.handedOff, a.calls.length])).toEqual([
      [true, true, 1],
      [true, false, 0],
    ]);
  });

  it('recognises mounting, Koa callbacks, Fastify, NestJS and compiled CommonJS', () => {
    const mounted = appsOf(`const express = require('express');
const admin = express();
const app = express();
app.use('/admin', admin);`).apps;
    expect(mounted.map((a) => a.mounted)).toEqual([true, false]);

    const koa = appsOf(`const Koa = require('koa');
const app = new Koa();
require('http').createServer(app.callback()).listen(80);`).apps;
    expect(koa.map((a) => [a.framework, a.started])).toEqual([['koa', true]]);

    const fastify = appsOf(`const fastify = require('fastify')({ logger: true });
fastify.register(routes);
fastify.listen({ port: 3000 });`).apps;
    expect(fastify.map((a) => [a.framework, a.started, a.hasRoutes])).toEqual([['fastify', true, true]]);

    const nest = appsOf(`import { NestFactory } from '@nestjs/core';
const app = await NestFactory.create(AppModule);
await app.listen(3000);`).apps;
    expect(nest.map((a) => [a.framework, a.started, a.hasRoutes])).toEqual([['nest', true, true]]);

    const compiled = appsOf(
      `"use strict";
const express_1 = __importDefault(require("express"));
const app = (0, express_1.default)();
app.use(cors());
exports.default = app;`,
      'dist/app.js',
    ).apps;
    expect(compiled.map((a) => [a.framework, a.handedOut, a.hasMiddleware])).toEqual([['express', true, true]]);
  });

  it('follows a chain on an app that has no variable', () => {
    const { apps } = appsOf(`require('express')().use(compression()).listen(8080);`);
    expect(apps.map((a) => [a.name, a.started, a.calls.length])).toEqual([[null, true, 2]]);
  });
});

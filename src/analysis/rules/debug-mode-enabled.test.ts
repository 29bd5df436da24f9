import { testRule } from '../test-support/rule-tester.js';
import rule from './debug-mode-enabled.js';

testRule(rule, {
  valid: [
    // The stack is logged, the client gets a message.
    `app.use((err, req, res, next) => {
  logger.error(err.stack);
  res.status(500).json({ error: 'Internal Server Error' });
});`,
    // Only in development.
    `app.use((err, req, res, next) => {
  res.status(err.status || 500).json({
    message: err.message,
    stack: process.env.NODE_ENV === 'production' ? undefined : err.stack,
  });
});`,
    `app.use((err, req, res, next) => {
  res.status(500).json({ message: err.message, ...(isDev && { stack: err.stack }) });
});`,
    `if (app.get('env') === 'development') {
  app.use(function (err, req, res, next) {
    res.status(err.status || 500);
    res.render('error', { message: err.message, error: err, stack: err.stack });
  });
}`,
    `function developmentErrorHandler(err, req, res, next) {
  res.status(500).send(\`<pre>\${err.stack}</pre>\`);
}`,
    // The common split into a development and a production sender.
    `const sendErrorDev = (err, res) => {
  res.status(err.statusCode).json({ status: err.status, message: err.message, stack: err.stack });
};`,
    // Logged as JSON, not sent.
    `router.get('/next', async (req, res) => {
  try {
    res.json(await next());
  } catch (err) {
    console.error(JSON.stringify({ message: err.message, stack: err.stack }));
    res.status(500).json({ error: 'Internal server error' });
  }
});`,
    // A stack data structure, not an error.
    `app.get('/undo', (req, res) => {
  res.json({ items: history.stack });
});`,
    // Sending the error object: its stack is not enumerable, JSON gives {}.
    `app.use((err, req, res, next) => res.status(500).json({ error: err.message }));`,
    // errorhandler only in development.
    `const errorhandler = require('errorhandler');
if (process.env.NODE_ENV === 'development') {
  app.use(errorhandler());
}`,
    `app.configure('development', function () {
  app.use(express.errorHandler({ dumpExceptions: true, showStack: true }));
});`,
    // The environment from NODE_ENV.
    `app.set('env', process.env.NODE_ENV || 'production');`,
    `app.set('view engine', 'pug');`,
    // A settings map, not an app.
    `settings.set('env', 'development');`,
    // Apollo with its defaults, or traces chosen by the environment.
    `import { ApolloServer } from '@apollo/server';
const server = new ApolloServer({ typeDefs, resolvers, introspection: true });`,
    `const { ApolloServer } = require('apollo-server-express');
const server = new ApolloServer({ typeDefs, resolvers, debug: process.env.NODE_ENV !== 'production' });`,
    // The formatter hides traces outside development.
    `const server = new ApolloServer({
  schema,
  formatError: (formatted, error) => (isDevelopment ? { ...formatted, stack: error.stack } : formatted),
});`,
    // Tests may print anything.
    {
      code: `app.use((err, req, res, next) => res.status(500).send(err.stack));`,
      filename: 'test/helpers/app.js',
    },
  ],
  invalid: [
    {
      code: `app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).send(err.stack);
});`,
      errors: [{ messageId: 'stackToClient', line: 3 }],
    },
    {
      code: `router.get('/report', async (req, res) => {
  try {
    res.json(await buildReport(req.query));
  } catch (e) {
    res.status(500).json({ error: e.message, stack: e.stack });
  }
});`,
      errors: [{ messageId: 'stackToClient', line: 5 }],
    },
    {
      code: `server.on('request', (req, res) => {
  handle(req, res).catch((failure) => {
    res.writeHead(500, { 'Content-Type': 'text/html' });
    res.end('<h1>Error</h1><pre>' + failure.stack + '</pre>');
  });
});`,
      errors: [{ messageId: 'stackToClient', line: 4 }],
    },
    // Fastify and Koa.
    {
      code: `app.setErrorHandler((error, request, reply) => {
  reply.code(500).send({ message: error.message, trace: error.stack });
});`,
      errors: [{ messageId: 'stackToClient', line: 2 }],
    },
    {
      code: `app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.body = { error: err.stack };
  }
});`,
      errors: [{ messageId: 'stackToClient', line: 6 }],
    },
    {
      code: `app.use((err, req, res, next) => res.status(500).send(JSON.stringify({ stack: err.stack })));`,
      errors: [{ messageId: 'stackToClient', line: 1 }],
    },
    // Next.js and Hono.
    {
      code: `import { NextResponse } from 'next/server';
export async function GET() {
  try {
    return NextResponse.json(await loadStats());
  } catch (error) {
    return NextResponse.json({ error: String(error), stack: (error as Error).stack }, { status: 500 });
  }
}`,
      errors: [{ messageId: 'stackToClient', line: 6 }],
    },
    {
      code: `app.onError((err, c) => c.text(err.stack ?? String(err), 500));`,
      errors: [{ messageId: 'stackToClient', line: 1 }],
    },
    // A GraphQL error formatter returns what every client receives.
    {
      code: `app.use('/graphql', graphqlHTTP({
  schema,
  customFormatErrorFn: (error) => ({ message: error.message, locations: error.locations, stack: error.stack }),
}));`,
      errors: [{ messageId: 'stackToClient', line: 3 }],
    },
    {
      code: `const errorhandler = require('errorhandler');
app.use(errorhandler());`,
      errors: [{ messageId: 'errorHandler', line: 2 }],
    },
    {
      code: `import devErrors from 'errorhandler';
app.use(devErrors({ log: false }));`,
      errors: [{ messageId: 'errorHandler', line: 2 }],
    },
    {
      code: `const express = require('express');
const app = express();
app.set('env', 'development');`,
      errors: [{ messageId: 'envDevelopment', line: 3 }],
    },
    {
      code: `import { ApolloServer } from 'apollo-server';
const server = new ApolloServer({
  typeDefs,
  resolvers,
  debug: true,
});`,
      errors: [{ messageId: 'graphqlDebug', line: 5 }],
    },
    {
      code: `import { ApolloServer } from '@apollo/server';
const server = new ApolloServer({ schema, includeStacktraceInErrorResponses: true });`,
      errors: [{ messageId: 'graphqlDebug', line: 2 }],
    },
  ],
});

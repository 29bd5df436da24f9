import { testRule } from '../test-support/rule-tester.js';
import rule from './no-unsafe-finally.js';

testRule(rule, {
  valid: [
    `async function query(pool, sql) {
  const client = await pool.connect();
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
    `function drain(queues) {
  try {
    work();
  } finally {
    for (const q of queues) {
      if (q.empty) continue;
      if (q.closed) break;
      q.flush();
    }
  }
}`,
    `function close(handle) {
  try {
    handle.write();
  } finally {
    const done = () => { return true; };
    handle.on('close', function () { throw new Error('late'); });
  }
}`,
    `function cleanup(file) {
  try {
    save(file);
  } finally {
    try {
      fs.unlinkSync(file.tmp);
      throw new Error('x');
    } catch (error) {
      logger.warn(error);
    }
  }
}`,
    `function copy(source, target) {
  let failure = null;
  try {
    for (const chunk of source) target.write(chunk);
  } catch (error) {
    failure = error;
  } finally {
    target.close();
    if (failure) throw failure;
  }
}`,
    `function pick(kind) {
  try {
    run();
  } finally {
    switch (kind) {
      case 'a': cleanupA(); break;
      default: cleanupAll();
    }
  }
}`,
    `function f() {
  try {
    run();
  } finally {
    block: {
      if (skip) break block;
      tidy();
    }
  }
}`,
  ],
  invalid: [
    {
      code: `function readConfig(path) {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, error);
  } finally {
    return {};
  }
}`,
      errors: [{ messageId: 'unsafeFinally', line: 7 }],
    },
    {
      code: `async function send(job) {
  try {
    await transport.send(job);
  } finally {
    if (job.attempts > 3) throw new Error('gave up');
  }
}`,
      errors: [{ messageId: 'unsafeFinally', line: 5 }],
    },
    {
      code: `for (const item of batch) {
  try {
    process(item);
  } finally {
    continue;
  }
}`,
      errors: [{ messageId: 'unsafeFinally', line: 5 }],
    },
    {
      code: `outer: for (const file of files) {
  try {
    parse(file);
  } finally {
    for (const l of listeners) {
      if (l.stop) break outer;
    }
  }
}`,
      errors: [{ messageId: 'unsafeFinally', line: 6 }],
    },
    {
      code: `function f() {
  try {
    return 1;
  } finally {
    try {
      cleanup();
    } finally {
      return 2;
    }
  }
}`,
      errors: [{ messageId: 'unsafeFinally', line: 8 }],
    },
  ],
});

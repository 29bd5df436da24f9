import { testRule } from '../test-support/rule-tester.js';
import rule from './prototype-pollution.js';

const lib = { threatModel: 'library' as const, filename: 'lib/index.js' };

testRule(rule, {
  valid: [
    {
      ...lib,
      name: 'a merge over arguments that skips the dangerous keys',
      code: `function merge() {
  var target = arguments[0];
  for (var i = 1; i < arguments.length; i++) {
    var source = arguments[i];
    for (var key in source) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      target[key] = typeof source[key] === 'object' ? merge(target[key] || {}, source[key]) : source[key];
    }
  }
  return target;
}
module.exports = merge;`,
    },
    {
      ...lib,
      name: 'a setter that creates levels on a fresh null-prototype map',
      code: `exports.index = function (rows, field) {
  var groups = Object.create(null);
  rows.forEach(function (row) {
    if (!groups[row[field]]) groups[row[field]] = [];
    groups[row[field]].push(row);
  });
  return groups;
};`,
    },
    {
      ...lib,
      name: 'key deny-list in a recursive merge',
      code: `function merge(target, source) {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (typeof source[key] === 'object' && source[key] !== null) merge(target[key] ??= {}, source[key]);
    else target[key] = source[key];
  }
  return target;
}
module.exports = merge;`,
    },
    {
      ...lib,
      name: 'deep clone into a fresh object',
      code: `function clone(value) {
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const key in value) out[key] = clone(value[key]);
  return out;
}
export { clone };`,
    },
    {
      ...lib,
      name: 'own-property check on the target before descending',
      code: `export function set(obj, path, value) {
  const keys = path.split('.');
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    cur = Object.prototype.hasOwnProperty.call(cur, keys[i]) ? cur[keys[i]] : (cur[keys[i]] = {});
  }
  cur[keys[keys.length - 1]] = value;
}`,
    },
    {
      ...lib,
      name: 'deny-list regex before splitting the path',
      code: `export function set(object, path, val) {
  if (/^(__proto__|constructor|prototype)$/.test(path)) return object;
  const parts = path.split('.');
  let obj = object;
  for (const p of parts.slice(0, -1)) obj = obj[p] = obj[p] || {};
  obj[parts[parts.length - 1]] = val;
  return object;
}`,
    },
    {
      ...lib,
      name: 'a null-prototype cache',
      code: `const cache = Object.create(null);
export function remember(from, to, result) {
  cache[from] = cache[from] || Object.create(null);
  cache[from][to] = result;
}`,
    },
    {
      ...lib,
      name: 'a flat counter keyed by the caller',
      code: `export function count(counts, word) {
  counts[word] = (counts[word] || 0) + 1;
  return counts;
}`,
    },
    `app.post('/prefs', (req, res) => {
  const prefs = {};
  prefs[req.body.key] = req.body.value;
  res.json(prefs);
});`,
  ],
  invalid: [
    {
      ...lib,
      name: 'recursive merge',
      code: `function merge(target, source) {
  for (var key in source) {
    if (typeof source[key] === 'object') merge(target[key], source[key]);
    else target[key] = source[key];
  }
  return target;
}
module.exports = merge;`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      ...lib,
      name: 'set by a dotted path',
      code: `exports.set = function (obj, path, value) {
  var keys = path.split('.');
  var cur = obj;
  for (var i = 0; i < keys.length - 1; i++) {
    if (!cur[keys[i]]) cur[keys[i]] = {};
    cur = cur[keys[i]];
  }
  cur[keys[keys.length - 1]] = value;
};`,
      // Creating a missing level pollutes too: "a.__proto__.b" sets Object.prototype.b = {}.
      errors: [
        { messageId: 'flow', line: 5 },
        { messageId: 'flow', line: 8 },
      ],
    },
    {
      ...lib,
      name: 'two-level assignment with caller keys',
      code: `export class Registry {
  add(group, name, handler) {
    this.groups[group][name] = handler;
  }
}`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      ...lib,
      name: 'the walker variable is assigned in a forEach callback',
      code: `function setKey(obj, keys, value) {
  var o = obj;
  keys.slice(0, -1).forEach(function (key) {
    if (o[key] === undefined) o[key] = {};
    o = o[key];
  });
  o[keys[keys.length - 1]] = value;
}
module.exports = function parse(args) {
  var argv = {};
  args.forEach(function (arg) { setKey(argv, arg.split('='), true); });
  return argv;
};`,
      errors: [
        { messageId: 'flow', line: 4 },
        { messageId: 'flow', line: 7 },
      ],
    },
    {
      ...lib,
      name: 'hasOwnProperty on the source does not stop __proto__',
      code: `function extend(a, b) {
  for (var k in b) {
    if (b.hasOwnProperty(k)) {
      if (typeof b[k] === 'object' && a[k]) extend(a[k], b[k]);
      else a[k] = b[k];
    }
  }
}
module.exports = extend;`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'remote: request keys walk into an object',
      code: `app.post('/settings', (req, res) => {
  const { section, key, value } = req.body;
  settings[section][key] = value;
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      ...lib,
      name: 'a recursive merge reading its objects through arguments',
      code: `function merge() {
  var target = arguments[0];
  for (var i = 1; i < arguments.length; i++) {
    var source = arguments[i];
    for (var key in source) {
      target[key] = typeof source[key] === 'object' ? merge(target[key] || {}, source[key]) : source[key];
    }
  }
  return target;
}
module.exports = merge;`,
      errors: [{ messageId: 'flow', line: 6 }],
    },
  ],
});

import { testRule } from '../test-support/rule-tester.js';
import rule from './no-dupe-class-members.js';

testRule(rule, {
  valid: [
    `class UserService {
  constructor(repo) { this.repo = repo; }
  find(id) { return this.repo.find(id); }
  create(data) { return this.repo.insert(data); }
}`,
    `class Temperature {
  get celsius() { return this._c; }
  set celsius(value) { this._c = value; }
}`,
    `class Cache {
  static create() { return new Cache(); }
  create(key) { this.map.set(key, {}); }
}`,
    `class Counter {
  #count = 0;
  count() { return this.#count; }
}`,
    `class Parser {
  parse(input: string): Node;
  parse(input: Buffer): Node;
  parse(input: string | Buffer): Node { return toNode(input); }
}`,
    `abstract class Repository<T> {
  abstract find(id: string): Promise<T>;
  find2(id: string) { return this.find(id); }
}`,
    `class Component {
  [Symbol.iterator]() {}
  [key]() {}
  [key]() {}
}`,
    `class Model {
  declare id: string;
  id2 = 'x';
}`,
  ],
  invalid: [
    {
      code: `class OrderController {
  async list(req, res) { res.json(await this.orders.all()); }
  async show(req, res) { res.json(await this.orders.get(req.params.id)); }
  async list(req, res) { res.json([]); }
}`,
      errors: [{ messageId: 'duplicateMember', line: 4 }],
    },
    {
      code: `class Form extends React.Component {
  handleSubmit = (event) => { event.preventDefault(); };
  handleSubmit(event) { this.props.onSubmit(event); }
}`,
      errors: [{ messageId: 'duplicateMember', line: 3 }],
    },
    {
      code: `class Settings {
  static defaults() { return {}; }
  static 'defaults'() { return { theme: 'dark' }; }
}`,
      errors: [{ messageId: 'duplicateMember', line: 3 }],
    },
    {
      code: `class Box {
  get size() { return this.items.length; }
  size = 0;
}`,
      errors: [{ messageId: 'duplicateMember', line: 3 }],
    },
    {
      code: `class Cart {
  total(): number { return 1; }
  total(): number { return 2; }
}`,
      errors: [{ messageId: 'duplicateMember', line: 3 }],
    },
  ],
});

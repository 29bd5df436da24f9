import { testRule } from '../test-support/rule-tester.js';
import rule from './getter-return.js';

testRule(rule, {
  valid: [
    `class User {
  get fullName() {
    return this.first + ' ' + this.last;
  }
  set fullName(value) {
    [this.first, this.last] = value.split(' ');
  }
}`,
    `const cart = {
  get total() {
    if (this.items.length === 0) return 0;
    return this.items.reduce((sum, item) => sum + item.price, 0);
  },
};`,
    `class Lazy {
  get value() {
    if (!this.loaded) throw new Error('not loaded');
    else return this.data;
  }
}`,
    `Object.defineProperty(exports, '__esModule', { value: true });`,
    `Object.defineProperty(module.exports, 'version', { enumerable: true, get: () => pkg.version });`,
    `Object.defineProperty(target, 'size', {
  get() {
    try {
      return compute();
    } catch {
      return 0;
    }
  },
});`,
    {
      code: `class Shape {
  get area(): number {
    switch (this.kind) {
      case 'circle':
        return Math.PI * this.r ** 2;
      case 'square':
        return this.side ** 2;
    }
  }
}`,
    },
    `class Task {
  get done() {
    const check = () => { return; };
    return this.state === 'done';
  }
}`,
    `declare class Ambient { get x(): number; }`,
  ],
  invalid: [
    {
      code: `class Config {
  get port() {
    this.cache.port = Number(process.env.PORT);
  }
}`,
      errors: [{ messageId: 'missingReturn', line: 2 }],
    },
    {
      code: `const store = {
  get user() {
    if (this.session) {
      return this.session.user;
    }
  },
};`,
      errors: [{ messageId: 'missingReturn', line: 2 }],
    },
    {
      code: `class Temp {
  get celsius() {
    if (!this.ready) return;
    return this.k - 273.15;
  }
}`,
      errors: [{ messageId: 'emptyReturn', line: 3 }],
    },
    {
      code: `Object.defineProperty(app, 'router', {
  get: function () {
    this.lazyrouter();
  },
});`,
      errors: [{ messageId: 'missingReturn', line: 2 }],
    },
    {
      code: `Object.defineProperties(proto, {
  length: { get() { compute(this); } },
});`,
      errors: [{ messageId: 'missingReturn', line: 2 }],
    },
    {
      code: `const kinds = {
  get label() {
    switch (this.kind) {
      case 'a':
        return 'A';
    }
  },
};`,
      filename: 'src/kinds.js',
      errors: [{ messageId: 'missingReturn', line: 2 }],
    },
    {
      code: `class View {
  get empty() {}
}`,
      errors: [{ messageId: 'missingReturn', line: 2 }],
    },
  ],
});

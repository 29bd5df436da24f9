import { describe, expect, it } from 'vitest';
import { isBenignValue, isNoisePath, isPlaceholder, isSamplePath } from './allow-list.js';
import { BASE64, SampleSecrets } from './test-support/sample-secrets.js';

const s = new SampleSecrets(11);

describe('isPlaceholder', () => {
  it.each([
    'xxxxxxxxxxxxxxxxxxxx',
    'your-api-key-here',
    'YOUR_SECRET_KEY',
    'mypassword123',
    '<token>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference as written in a config file, not a template
    '${GITHUB_TOKEN}',
    '{{ secrets.NPM_TOKEN }}',
    '****************',
    'sk-...',
    'AKIAIOSFODNN7EXAMPLE',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'replace-me-with-a-real-key',
    'my_test_key_000000000',
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  ])('%s', (value) => expect(isPlaceholder(value)).toBe(true));

  it('leaves generated keys alone', () => {
    for (let i = 0; i < 50; i++) expect(isPlaceholder(s.chars(BASE64, 40))).toBe(false);
  });
});

describe('isBenignValue', () => {
  it.each([
    ['a UUID', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['a sha256 digest', `sha256:${'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}`],
    ['an npm integrity string', `sha512-${s.base64Bytes(64)}`],
    ['a data URI', 'data:font/woff2;base64,d09GMgABAAAAA'],
    ['base64 of a PNG', `iVBORw0KGgoAAAANSUhEUgAA${s.chars(BASE64, 40)}`],
    ['a URL without credentials', 'https://api.example.com/v1/items?limit=100'],
  ])('%s', (_name, value) => expect(isBenignValue(value)).toBe(true));

  it('does not excuse random values or URLs with a password', () => {
    expect(isBenignValue(s.chars(BASE64, 40))).toBe(false);
    // Bare hex is judged by the name it is stored under (see generic.ts), not excused here.
    expect(isBenignValue('e83c5163316f89bfbde7d9ab23ca2e25604af290')).toBe(false);
    expect(isBenignValue('https://deploy:hunter22@registry.internal/')).toBe(false);
  });
});

describe('paths', () => {
  it('treats lock files, source maps and minified bundles as noise', () => {
    for (const path of [
      'package-lock.json',
      'web/yarn.lock',
      'pnpm-lock.yaml',
      'dist/app.js.map',
      'vendor/jquery.min.js',
    ]) {
      expect(isNoisePath(path)).toBe(true);
    }
    expect(isNoisePath('src/config.json')).toBe(false);
  });

  it('treats docs, examples and test doubles as samples', () => {
    for (const path of [
      'docs/setup.md',
      'examples/basic/index.js',
      'src/__mocks__/stripe.ts',
      'src/pay.stories.tsx',
      'README.md',
    ]) {
      expect(isSamplePath(path)).toBe(true);
    }
    expect(isSamplePath('src/payments/stripe.ts')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { findNamedSecrets } from './generic.js';
import { ALNUM, BASE64, HEX, SampleSecrets } from './test-support/sample-secrets.js';

const s = new SampleSecrets(99);

function values(text: string): string[] {
  return findNamedSecrets(text).map((m) => text.slice(m.start, m.end));
}

describe('findNamedSecrets', () => {
  it('finds random values assigned to secret-like names in .env, YAML, JSON and code', () => {
    const env = s.chars(ALNUM, 32);
    const yaml = s.chars(BASE64, 44);
    const json = s.chars(HEX, 64);
    const code = s.chars(ALNUM, 24);
    const text = [
      `STRIPE_SECRET=${env}  # rotated monthly`,
      `auth:\n  client_secret: "${yaml}"`,
      `{ "signingKey": "${json}" }`,
      `const dbPassword = '${code}';`,
    ].join('\n');
    expect(values(text)).toEqual([env, yaml, json, code]);
    expect(findNamedSecrets(text)[0]).toMatchObject({
      kind: 'secret',
      confidence: 'entropy',
      severity: 'medium',
      generic: true,
    });
  });

  it('leaves alone names that do not hold a secret', () => {
    const value = s.chars(ALNUM, 32);
    expect(values(`CACHE_KEY=${value}\nPUBLIC_KEY=${value}\nnextPageToken: ${value}\nTOKEN_URL=${value}`)).toEqual([]);
  });

  it('leaves alone values that are not secrets', () => {
    const text = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference as written in a config file, not a template
      'API_TOKEN=${API_TOKEN}',
      'DB_PASSWORD=changeme-in-production',
      'SESSION_SECRET=3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      'commit_sha_token: e83c5163316f89bfbde7d9ab23ca2e25604af290',
      'tokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
      'X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token"',
      'const token = scanner.reScanSlashToken();',
      'token: "support.function.c99.c"',
      'withCredentials: defaultToConfig2,',
      'password: process.env.DB_PASSWORD',
      'apiKey: "YOUR_API_KEY_GOES_HERE"',
      'password: abcdefghijklmnop',
    ].join('\n');
    expect(values(text)).toEqual([]);
  });
});

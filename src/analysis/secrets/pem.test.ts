import { describe, expect, it } from 'vitest';
import { readPrivateKeyBlock } from './pem.js';
import { SampleSecrets } from './test-support/sample-secrets.js';

const s = new SampleSecrets(5);
const HEADER = '-----BEGIN RSA PRIVATE KEY-----';

function read(text: string, label = 'RSA PRIVATE KEY') {
  return readPrivateKeyBlock(text, label, text.indexOf('-----', 5) + 5);
}

describe('readPrivateKeyBlock', () => {
  it('reads a key up to its END line and recognises the DER structure', () => {
    const pem = s.pemPrivateKey();
    expect(read(`${pem}\ntrailing text`)).toEqual({ end: pem.length, verified: true, encrypted: false });
  });

  it('follows a key cut into concatenated strings without an END line', () => {
    const lines = s.pemPrivateKey().split('\n').slice(1, -1);
    const code = `'${HEADER}\\n' +\n${lines.map((l) => `  '${l}\\n'`).join(' +\n')};\nexport default key;`;
    const block = read(code);
    expect(block?.verified).toBe(true);
    expect(code.slice(0, block?.end)).not.toContain('export');
  });

  it('tells passphrase-protected keys apart', () => {
    const legacy = s
      .pemPrivateKey()
      .replace('\n', '\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\n');
    expect(read(legacy)?.encrypted).toBe(true);
    expect(read(s.pemPrivateKey('ENCRYPTED PRIVATE KEY'), 'ENCRYPTED PRIVATE KEY')?.encrypted).toBe(true);
  });

  it('rejects headers without a key and sample bodies', () => {
    expect(read(`${HEADER}\n-----END RSA PRIVATE KEY-----`)).toBeNull();
    expect(read(`${HEADER}\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----`)).toBeNull();
    expect(read(`${HEADER}\n<paste your private key here>\n-----END RSA PRIVATE KEY-----`)).toBeNull();
    expect(read(`${HEADER}';\nconst footer = '-----END RSA PRIVATE KEY-----';`)).toBeNull();
  });
});

import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from './data-dir.js';

describe('dataDir', () => {
  it('defaults to ~/.ectus', () => {
    expect(dataDir({})).toBe(path.join(os.homedir(), '.ectus'));
  });

  it('ignores an empty ECTUS_DATA_DIR', () => {
    expect(dataDir({ ECTUS_DATA_DIR: '  ' })).toBe(path.join(os.homedir(), '.ectus'));
  });

  it('uses ECTUS_DATA_DIR, resolved to an absolute path', () => {
    expect(dataDir({ ECTUS_DATA_DIR: '/var/lib/ectus' })).toBe(path.resolve('/var/lib/ectus'));
    expect(dataDir({ ECTUS_DATA_DIR: 'data' })).toBe(path.join(process.cwd(), 'data'));
  });
});

import { describe, expect, it } from 'vitest';
import { buildDependencies, MAX_PATHS, type PackageNode } from './graph.js';

function node(key: string, deps: string[] = [], extra: Partial<PackageNode> = {}): PackageNode {
  const [name, version] = key.split('@') as [string, string];
  return { key, name, version, deps, ...extra };
}

describe('buildDependencies', () => {
  it('keeps only the shortest chains, at most MAX_PATHS, and survives cycles', () => {
    const nodes = [
      node('app-a@1', ['shared@1']),
      node('app-b@1', ['shared@1']),
      node('app-c@1', ['shared@1']),
      node('app-d@1', ['mid@1']),
      node('mid@1', ['shared@1']),
      node('shared@1', ['cycle@1']),
      node('cycle@1', ['shared@1']),
    ];
    const direct = ['app-a@1', 'app-b@1', 'app-c@1', 'app-d@1'].map((key) => ({ key, dev: false }));
    const deps = buildDependencies({ ecosystem: 'npm', file: 'package-lock.json', nodes, direct });
    const shared = deps.find((d) => d.name === 'shared');
    expect(shared?.paths).toHaveLength(MAX_PATHS);
    expect(shared?.paths.every((p) => p.length === 2)).toBe(true);
    expect(deps.find((d) => d.name === 'cycle')?.paths[0]).toEqual(['app-a', 'shared', 'cycle']);
    expect(deps.find((d) => d.name === 'mid')?.dependsOn).toEqual(['shared@1']);
    expect(deps.find((d) => d.name === 'app-d')?.dependsOn).toEqual(['mid@1']);
  });

  it('counts a package as development-only when no production dependency reaches it', () => {
    const nodes = [node('web@1', ['util@1']), node('lint@1', ['util@1', 'rules@1']), node('util@1'), node('rules@1')];
    const deps = buildDependencies({
      ecosystem: 'npm',
      file: 'x',
      nodes,
      direct: [
        { key: 'web@1', dev: false },
        { key: 'lint@1', dev: true },
      ],
    });
    const flags = Object.fromEntries(deps.map((d) => [d.name, d.dev]));
    expect(flags).toEqual({ lint: true, rules: true, util: false, web: false });
  });

  it('merges copies of one name and version, keeping the first line and the shortest chains', () => {
    const nodes = [
      node('a@1', ['dup-under-a@1']),
      { ...node('dup-under-a@1'), name: 'dup', version: '1', line: 40 },
      { ...node('dup-top@1'), name: 'dup', version: '1', line: 12 },
    ];
    const deps = buildDependencies({
      ecosystem: 'npm',
      file: 'x',
      nodes,
      direct: [
        { key: 'a@1', dev: false },
        { key: 'dup-top@1', dev: true },
      ],
    });
    expect(deps.find((d) => d.name === 'dup')).toMatchObject({
      line: 12,
      direct: true,
      dev: false,
      paths: [['dup'], ['a', 'dup']],
    });
  });

  it('without a manifest, treats unrequired packages as direct and uses the dev hints', () => {
    const nodes = [node('a@1', ['b@1'], { devHint: true }), node('b@1', [], { devHint: true }), node('orphan@1')];
    const deps = buildDependencies({ ecosystem: 'PyPI', file: 'x', nodes, direct: undefined });
    expect(deps.map((d) => [d.name, d.direct, d.dev])).toEqual([
      ['a', true, true],
      ['b', false, true],
      ['orphan', true, false],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRequirements } from './requirements.js';
import { dependency, readFixture } from './test-support/fixtures.js';

describe('parseRequirements', () => {
  it("reads pip-compile's output, with its `# via` annotations as the dependency graph", () => {
    const result = parseRequirements(readFixture('requirements', 'requirements.txt'), 'requirements.txt');
    expect(result.format).toBe('requirements');
    expect(result.warnings).toEqual([]);
    expect(result.dependencies).toHaveLength(6);
    expect(dependency(result.dependencies, 'requests')).toMatchObject({
      version: '2.25.1',
      direct: true,
      dev: false,
      line: 15,
    });
    expect(dependency(result.dependencies, 'urllib3')).toMatchObject({
      version: '1.26.4',
      direct: false,
      paths: [['requests', 'urllib3']],
      line: 17,
    });
  });

  it('reads only exact pins and warns about the rest; a -dev file holds development packages', () => {
    const result = parseRequirements(readFixture('requirements', 'requirements-dev.txt'), 'requirements-dev.txt');
    expect(result.dependencies.map((d) => `${d.name}@${d.version} line ${d.line}`)).toEqual([
      'flask@2.0.1 line 7',
      'pytest@7.4.0 line 5',
    ]);
    expect(result.dependencies.every((d) => d.direct && d.dev)).toBe(true);
    expect(result.warnings).toEqual([
      'line 8: black>=23.1 is not pinned to one version (use ==); not checked.',
      'line 9: coverage is not pinned to one version (use ==); not checked.',
      'line 10: editable install "-e ./tools/lint-plugin"; not checked.',
    ]);
  });

  it('handles multi-line via annotations, arbitrary equality, URLs and comments', () => {
    const text = [
      'Django===3.2.4  # pinned for the LTS',
      '    # via -r requirements.in',
      'asgiref==3.4.1',
      '    # via',
      '    #   -r requirements.in',
      '    #   django',
      'sqlparse==0.4.1',
      '    # via django',
      'wheel==0.36.*',
      'tools @ https://example.com/tools-1.0.tar.gz',
      'https://example.com/pkg.zip#egg=pkg',
    ].join('\n');
    const result = parseRequirements(text, 'requirements/base.txt');
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.direct ? 'direct' : 'transitive'}`)).toEqual([
      'asgiref@3.4.1 direct',
      'django@3.2.4 direct',
      'sqlparse@0.4.1 transitive',
    ]);
    expect(dependency(result.dependencies, 'sqlparse').paths).toEqual([['django', 'sqlparse']]);
    expect(result.warnings).toHaveLength(3);
  });
});

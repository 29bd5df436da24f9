import { describe, expect, it } from 'vitest';
import { compareGoVersions, parseGoMod } from './go-mod.js';
import { dependency, readFixture } from './test-support/fixtures.js';

describe('parseGoMod', () => {
  it('reads require blocks, marks // indirect as transitive and applies replace', () => {
    const result = parseGoMod(readFixture('go', 'go.mod'), 'go.mod', readFixture('go', 'go.sum'));
    expect(result.format).toBe('go-mod+go-sum');
    expect(result.ecosystem).toBe('Go');
    expect(result.dependencies).toHaveLength(19);
    expect(dependency(result.dependencies, 'github.com/gin-gonic/gin')).toMatchObject({
      version: 'v1.9.0',
      direct: true,
      dev: false,
      paths: [['github.com/gin-gonic/gin']],
      line: 6,
    });
    expect(dependency(result.dependencies, 'golang.org/x/crypto').version).toBe('v0.0.0-20210921155107-089bfa567519');
    expect(dependency(result.dependencies, 'golang.org/x/net')).toMatchObject({
      version: 'v0.7.0',
      direct: false,
      line: 23,
    });
    // replace github.com/ugorji/go/codec => github.com/ugorji/go/codec v1.2.11
    expect(dependency(result.dependencies, 'github.com/ugorji/go/codec').version).toBe('v1.2.11');
  });

  it('adds modules that only go.sum lists (go.mod before go 1.17), at their newest version', () => {
    const goMod = 'module example.com/legacy\n\ngo 1.16\n\nrequire github.com/sirupsen/logrus v1.8.1\n';
    const goSum = [
      'github.com/sirupsen/logrus v1.8.1 h1:dJKuHgqk1NNQlqoA6BTlM1Wf9DOH3NBjQyu0h9+AZZE=',
      'github.com/sirupsen/logrus v1.8.1/go.mod h1:yWOB1SBYBC5VeMP7gHvWumXLIWorT60ONWic61uBYv0=',
      'golang.org/x/sys v0.0.0-20191026070338-33540a1f6037 h1:YyJpGZS1sBuBCzLAR1VEpK193GlqGZbnPFnPV/5Rsb4=',
      'golang.org/x/sys v0.0.0-20191026070338-33540a1f6037/go.mod h1:h1NjWce9XRLGQEsW7wpKNCjG9DtNlClVuFLEZdDNbEs=',
      'golang.org/x/sys v0.0.0-20210630005230-0f9fa26af87c/go.mod h1:h1NjWce9XRLGQEsW7wpKNCjG9DtNlClVuFLEZdDNbEs=',
      'golang.org/x/sys v0.0.0-20180905080454-ebe1bf3edb33 h1:I6FyU15t786LL7oL/hn43zqTuEGr4PN7F4XJ1p4E3Y8=',
    ].join('\n');
    const result = parseGoMod(goMod, 'go.mod', goSum);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.direct}`)).toEqual([
      'github.com/sirupsen/logrus@v1.8.1 true',
      'golang.org/x/sys@v0.0.0-20191026070338-33540a1f6037 false',
    ]);
    expect(dependency(result.dependencies, 'golang.org/x/sys').line).toBeUndefined();
  });

  it('leaves out modules replaced by a local folder and reads single-line directives', () => {
    const goMod = [
      'module example.com/app',
      'go 1.21',
      'toolchain go1.21.5',
      'require example.com/shared v0.0.0-00010101000000-000000000000',
      'require "github.com/google/uuid" v1.3.0 // pinned',
      'replace example.com/shared => ../shared',
      'retract v0.9.0',
    ].join('\n');
    const result = parseGoMod(goMod, 'go.mod');
    expect(result.format).toBe('go-mod');
    expect(result.dependencies).toEqual([
      expect.objectContaining({ name: 'github.com/google/uuid', direct: true, line: 5 }),
    ]);
  });

  it('orders pseudo-versions before the release they precede', () => {
    expect(
      compareGoVersions('v0.0.0-20210921155107-089bfa567519', 'v0.0.0-20191026070338-33540a1f6037'),
    ).toBeGreaterThan(0);
    expect(compareGoVersions('v1.2.0-rc.1', 'v1.2.0')).toBeLessThan(0);
    expect(compareGoVersions('v1.10.0', 'v1.9.9')).toBeGreaterThan(0);
  });
});

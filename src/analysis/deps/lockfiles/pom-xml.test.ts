import { describe, expect, it } from 'vitest';
import { parsePomXml } from './pom-xml.js';
import { dependency, expectInvalidLockfile, lineContaining, readFixture } from './test-support/fixtures.js';

describe('parsePomXml', () => {
  const text = readFixture('maven', 'pom.xml');
  const result = parsePomXml(text, 'pom.xml');

  it('reads explicit versions, resolving properties (also nested) from the same pom', () => {
    expect(result.format).toBe('pom-xml');
    expect(result.ecosystem).toBe('Maven');
    expect(dependency(result.dependencies, 'org.apache.logging.log4j:log4j-core')).toMatchObject({
      version: '2.14.1',
      direct: true,
      dev: false,
      line: lineContaining(text, '<dependency>\n      <groupId>org.apache.logging.log4j'),
    });
    expect(dependency(result.dependencies, 'com.fasterxml.jackson.core:jackson-databind').version).toBe('2.9.10.1');
    expect(dependency(result.dependencies, 'com.example.orders:orders-model').version).toBe('1.4.0');
  });

  it('takes a missing version from dependencyManagement, and marks test scope as development', () => {
    expect(dependency(result.dependencies, 'org.springframework:spring-webmvc').version).toBe('5.3.17');
    expect(dependency(result.dependencies, 'junit:junit')).toMatchObject({ version: '4.12', dev: true });
    expect(result.dependencies.map((d) => d.name)).not.toContain('org.apache.maven.plugins:maven-compiler-plugin');
  });

  it('warns about version ranges and properties the pom does not define', () => {
    expect(result.warnings).toEqual([
      expect.stringContaining('commons-collections:commons-collections has the version range [3.2,3.3)'),
      expect.stringContaining('org.yaml:snakeyaml has version $' + '{snakeyaml.version}, a property'),
    ]);
  });

  it('warns about a version inherited from a parent pom', () => {
    const pom = `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>2.6.4</version></parent>
<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>`;
    const inherited = parsePomXml(pom, 'pom.xml');
    expect(inherited.dependencies).toEqual([]);
    expect(inherited.warnings).toEqual([expect.stringContaining('inherited from a parent')]);
  });

  it('never expands entities from a document type declaration', () => {
    const pom = `<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">]>
<project><dependencies><dependency><groupId>a</groupId><artifactId>&xxe;&lol;</artifactId><version>1.0</version></dependency></dependencies></project>`;
    expect(parsePomXml(pom, 'pom.xml').dependencies[0]?.name).toBe('a:&xxe;&lol;');
  });

  it('rejects malformed XML and documents that are not a pom', () => {
    expectInvalidLockfile(() => parsePomXml('<project><dependencies></project>', 'pom.xml'), 'not valid XML');
    expectInvalidLockfile(() => parsePomXml('<settings/>', 'pom.xml'), 'not <project>');
  });
});

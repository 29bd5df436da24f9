import { describe, expect, it } from 'vitest';
import { writeZip } from '../../../analysis/deps/osv/test-support/zip-writer.js';
import { TEST_DATABASES } from '../../../db/test-support/databases.js';
import { makeProject } from '../../../db/test-support/fixtures.js';
import { SAFE_MODULE, VULNERABLE_HANDLER } from '../../services/test-support/samples.js';
import { type SignedInUser, useTestApp } from '../../test-support/test-app.js';
import { systemTarGz } from '../../uploads/test-support/archives.js';
import { multipartBody } from '../../uploads/test-support/multipart.js';

const FILES = [
  { path: 'src/routes/users.ts', content: VULNERABLE_HANDLER },
  { path: 'src/users.ts', content: SAFE_MODULE },
];

describe.each(TEST_DATABASES)('scan routes %s', (_name, target) => {
  const t = useTestApp({ target });

  async function projectOf(who: SignedInUser) {
    const owner = await t().createUser({ role: 'developer' });
    const project = await makeProject(t().db, null);
    await t().addMember(project.id, owner.user.id, 'maintainer');
    await t().addMember(project.id, who.user.id, 'developer');
    return project;
  }

  function submit(who: SignedInUser, projectId: string, payload: unknown) {
    return t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/scans`,
      headers: who.headers,
      payload: payload as Record<string, unknown>,
    });
  }

  function get(who: SignedInUser | null, url: string) {
    return t().app.inject({ method: 'GET', url, headers: who?.headers ?? {} });
  }

  it('scans JSON files and serves the scan with filtered, paged findings', async () => {
    const dev = await t().signIn('developer');
    const project = await projectOf(dev);
    const created = await submit(dev, project.id, { files: FILES });
    expect(created.statusCode, created.body).toBe(201);
    const { scan } = created.json();
    expect(scan).toMatchObject({
      projectId: project.id,
      createdBy: dev.user.id,
      status: 'completed',
      source: 'files',
      filesScanned: 2,
      findingsTotal: 3,
      severityCounts: { critical: 2, high: 1 },
    });
    expect(created.json()).not.toHaveProperty('upload');

    const all = (await get(dev, `/api/v1/scans/${scan.id}`)).json();
    expect(all.findings).toMatchObject({ total: 3, limit: 100, offset: 0 });
    expect(all.findings.items.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'sql-injection',
      'command-injection',
      'no-async-callback-unhandled',
    ]);
    expect(all.findings.items[0]).toMatchObject({ file: 'src/routes/users.ts', line: 7, cwe: [89] });
    expect(all.findings.items[0].properties.flow.length).toBeGreaterThan(0);
    expect(all.findings.items[0]).not.toHaveProperty('scanId');

    const critical = (await get(dev, `/api/v1/scans/${scan.id}?severity=critical,high&rule=command-injection`)).json();
    expect(critical.findings).toMatchObject({ total: 1, items: [{ ruleId: 'command-injection' }] });
    const repeated = (await get(dev, `/api/v1/scans/${scan.id}?severity=critical&severity=high`)).json();
    expect(repeated.findings.total).toBe(3);
    const asSubmitted = (await get(dev, `/api/v1/scans/${scan.id}?file=./src//routes/users.ts`)).json();
    expect(asSubmitted.findings.total).toBe(3);
    const paged = (await get(dev, `/api/v1/scans/${scan.id}?severity=critical&limit=1&offset=1`)).json();
    expect(paged.findings).toMatchObject({ total: 2, items: [{ ruleId: 'command-injection' }] });
    const otherFile = (await get(dev, `/api/v1/scans/${scan.id}?file=src/users.ts`)).json();
    expect(otherFile.findings).toMatchObject({ total: 0, items: [] });
    const badSeverity = await get(dev, `/api/v1/scans/${scan.id}?severity=urgent`);
    expect(badSeverity.statusCode).toBe(400);
    expect(badSeverity.json().error.code).toBe('ECTUS_VALIDATION');
  });

  it('lists a project scans newest first, paged', async () => {
    const dev = await t().signIn('developer');
    const project = await projectOf(dev);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await submit(dev, project.id, { files: [FILES[1]] })).json().scan.id);
      t().clock.advance(1000);
    }
    const first = (await get(dev, `/api/v1/projects/${project.id}/scans?limit=2`)).json();
    expect(first.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextOffset).toBe(2);
    const last = (await get(dev, `/api/v1/projects/${project.id}/scans?limit=2&offset=2`)).json();
    expect(last).toMatchObject({ items: [{ id: ids[0] }], nextOffset: null });
  });

  it('scans a .tar.gz upload made by the system tar', async () => {
    const dev = await t().signIn('developer');
    const project = await projectOf(dev);
    const archive = systemTarGz({ 'src/routes/users.ts': VULNERABLE_HANDLER, 'docs/logo.png': Buffer.from([0x89, 0]) });
    const { payload, headers } = multipartBody([{ name: 'archive', filename: 'service.tar.gz', data: archive }]);
    const response = await t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/scans`,
      headers: { ...dev.headers, ...headers },
      payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      scan: { source: 'archive', sourceName: 'service.tar.gz', status: 'completed', findingsTotal: 3 },
      upload: { format: 'tar.gz', files: 1, skipped: { binary: 1, invalidUtf8: 0, tooLarge: 0 } },
    });
  });

  it('scans a .zip upload and serves its SARIF file', async () => {
    const dev = await t().signIn('developer');
    const project = await projectOf(dev);
    const archive = writeZip(FILES.map((file) => ({ name: `repo-main/${file.path}`, data: file.content })));
    const { payload, headers } = multipartBody([
      { name: 'note', data: 'nightly' },
      { name: 'archive', filename: 'repo-main.zip', contentType: 'application/zip', data: archive },
    ]);
    const created = await t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/scans`,
      headers: { ...dev.headers, ...headers },
      payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { scan } = created.json();
    const sarif = await get(dev, `/api/v1/scans/${scan.id}/sarif`);
    expect(sarif.statusCode).toBe(200);
    expect(sarif.headers['content-type']).toBe('application/sarif+json; charset=utf-8');
    expect(sarif.headers['content-disposition']).toBe(`attachment; filename="ectus-scan-${scan.id}.sarif"`);
    const log = sarif.json();
    expect(log).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'ectus' } } }] });
    const results = log.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    expect(results.map((r) => r.ruleId).sort()).toEqual([
      'command-injection',
      'no-async-callback-unhandled',
      'sql-injection',
    ]);
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('repo-main/src/routes/users.ts');
  });

  it('answers 403 to non-members and 404 to administrators for scans and projects that do not exist', async () => {
    const { developer, admin } = await t().signInEveryRole();
    const project = await projectOf(developer);
    const { scan } = (await submit(developer, project.id, { files: [FILES[1]] })).json();
    const outsider = await t().signIn('maintainer');
    expect((await get(outsider, `/api/v1/scans/${scan.id}`)).statusCode).toBe(403);
    expect((await get(outsider, `/api/v1/scans/${scan.id}/sarif`)).statusCode).toBe(403);
    expect((await get(admin, `/api/v1/scans/${scan.id}`)).statusCode).toBe(200);
    const missing = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    expect((await get(developer, `/api/v1/scans/${missing}`)).statusCode).toBe(403);
    const adminMissing = await get(admin, `/api/v1/scans/${missing}`);
    expect(adminMissing.statusCode).toBe(404);
    expect(adminMissing.json().error.code).toBe('ECTUS_NOT_FOUND');
    expect((await get(admin, `/api/v1/scans/${missing}/sarif`)).statusCode).toBe(404);
    expect((await get(admin, `/api/v1/projects/${missing}/scans`)).statusCode).toBe(404);
    expect((await submit(admin, missing, { files: [FILES[1]] })).statusCode).toBe(404);
    expect((await get(null, `/api/v1/scans/${scan.id}`)).statusCode).toBe(401);
  });

  it('refuses submissions with neither files nor an archive, and multipart bodies without a file', async () => {
    const dev = await t().signIn('developer');
    const project = await projectOf(dev);
    const empty = await t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/scans`,
      headers: dev.headers,
    });
    expect(empty.statusCode).toBe(400);
    expect((await submit(dev, project.id, { files: [] })).statusCode).toBe(400);
    const duplicate = await submit(dev, project.id, { files: [FILES[1], { ...FILES[1], path: './src//users.ts' }] });
    expect(duplicate.json().error).toMatchObject({
      code: 'ECTUS_VALIDATION',
      details: [{ path: '/files/1/path', message: 'repeats an earlier path' }],
    });
    const { payload, headers } = multipartBody([{ name: 'note', data: 'no file here' }]);
    const noFile = await t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/scans`,
      headers: { ...dev.headers, ...headers },
      payload,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toMatch(/no file/);
    const archive = writeZip([{ name: 'src/users.ts', data: SAFE_MODULE }]);
    const two = multipartBody([
      { name: 'archive', filename: 'a.zip', data: archive },
      { name: 'archive', filename: 'b.zip', data: archive },
    ]);
    const twoFiles = await t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/scans`,
      headers: { ...dev.headers, ...two.headers },
      payload: two.payload,
    });
    expect(twoFiles.statusCode).toBe(400);
    expect(twoFiles.json().error).toMatchObject({ code: 'ECTUS_VALIDATION', message: /one archive per scan/ });
    expect((await get(dev, `/api/v1/projects/${project.id}/scans`)).json().items).toEqual([]);
  });
});

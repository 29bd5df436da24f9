import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../src/analysis/deps/osv/test-support/zip-writer.js';
import { listScans } from '../src/db/repositories/scans.js';
import { VULNERABLE_HANDLER } from '../src/server/services/test-support/samples.js';
import { type SignedInUser, type TestApp, useTestApp } from '../src/server/test-support/test-app.js';
import { systemTarGz } from '../src/server/uploads/test-support/archives.js';
import { multipartBody } from '../src/server/uploads/test-support/multipart.js';
import { writeTar } from '../src/server/uploads/test-support/tar-writer.js';

/**
 * Hostile input to the project, member, scan, user, audit and API-key routes: SQL injection in
 * every string they take, path traversal and archive tricks in uploads, oversized and malformed
 * bodies. Nothing may reach the database as SQL, nothing may leave the upload's root, and every
 * answer is a 4xx with a stable code, never a 500.
 */

const SQL_INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE projects; --",
  '1; SELECT pg_sleep(3); --',
  "admin'--",
  "x' UNION SELECT email, password_hash FROM users --",
  "%' OR 1=1 --",
  "\\'; DELETE FROM users WHERE 'a'='a",
  "') OR ('x'='x",
  '$1',
  '" OR ""="',
];

const BODY_LIMIT = 16 * 1024;
const UPLOAD_LIMIT = 64 * 1024;

async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const result = await t.db.execute(
    sql`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM roles)::int AS roles`,
  );
  return (result as unknown as { rows: Record<string, number>[] }).rows[0]!;
}

describe('security of the resource routes', () => {
  const t = useTestApp({ config: { bodyLimitBytes: BODY_LIMIT, uploadLimitBytes: UPLOAD_LIMIT } });

  async function send(who: SignedInUser, request: InjectOptions) {
    const response = await t().app.inject({ ...request, headers: { ...request.headers, ...who.headers } });
    expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBeLessThan(500);
    return response;
  }

  async function setup() {
    const { admin, developer } = await t().signInEveryRole();
    const created = await send(developer, { method: 'POST', url: '/api/v1/projects', payload: { name: 'Target' } });
    const projectId: string = created.json().id;
    return { admin, developer, projectId };
  }

  describe('SQL injection strings', () => {
    it('are stored and read back verbatim in project, user and key text fields', async () => {
      const { admin, developer, projectId } = await setup();
      for (const [i, text] of SQL_INJECTIONS.entries()) {
        const created = await send(developer, {
          method: 'POST',
          url: '/api/v1/projects',
          payload: { name: text, slug: `p-${i}`, description: text },
        });
        expect(created.statusCode).toBe(201);
        const read = await send(developer, { method: 'GET', url: `/api/v1/projects/${created.json().id}` });
        expect(read.json()).toMatchObject({ name: text, description: text });
        const patched = await send(developer, {
          method: 'PATCH',
          url: `/api/v1/projects/${projectId}`,
          payload: { name: text, description: text },
        });
        expect(patched.json()).toMatchObject({ name: text, description: text });
        const renamed = await send(admin, {
          method: 'PATCH',
          url: `/api/v1/users/${developer.user.id}`,
          payload: { name: text },
        });
        expect(renamed.json().name).toBe(text);
        const key = await send(developer, {
          method: 'POST',
          url: '/api/v1/api-keys',
          payload: { name: text, scopes: ['projects:read'] },
        });
        expect(key.json().apiKey.name).toBe(text);
      }
      expect(await tableCounts(t())).toEqual({ users: 4, projects: SQL_INJECTIONS.length + 1, roles: 4 });
    });

    it('in slugs, roles, scopes, ids, emails, filters and cursors are refused or match nothing', async () => {
      const { admin, developer, projectId } = await setup();
      const before = await tableCounts(t());
      for (const text of SQL_INJECTIONS) {
        const id = encodeURIComponent(text);
        const q = encodeURIComponent(text);
        const expectations: [SignedInUser, InjectOptions, number][] = [
          [developer, { method: 'POST', url: '/api/v1/projects', payload: { name: 'x', slug: text } }, 400],
          [admin, { method: 'GET', url: `/api/v1/projects/${id}` }, 404],
          [admin, { method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { name: 'x' } }, 404],
          [admin, { method: 'DELETE', url: `/api/v1/projects/${id}` }, 404],
          [admin, { method: 'GET', url: `/api/v1/projects/${id}/members` }, 404],
          [developer, { method: 'GET', url: `/api/v1/projects/${id}` }, 403],
          [
            developer,
            { method: 'POST', url: `/api/v1/projects/${projectId}/members`, payload: { email: text, role: 'viewer' } },
            404,
          ],
          [
            developer,
            { method: 'POST', url: `/api/v1/projects/${projectId}/members`, payload: { userId: text, role: 'viewer' } },
            404,
          ],
          [
            developer,
            {
              method: 'POST',
              url: `/api/v1/projects/${projectId}/members`,
              payload: { userId: admin.user.id, role: text },
            },
            400,
          ],
          [
            developer,
            { method: 'PATCH', url: `/api/v1/projects/${projectId}/members/${id}`, payload: { role: 'viewer' } },
            404,
          ],
          [developer, { method: 'DELETE', url: `/api/v1/projects/${projectId}/members/${id}` }, 404],
          [admin, { method: 'GET', url: `/api/v1/scans/${id}` }, 404],
          [admin, { method: 'GET', url: `/api/v1/scans/${id}/sarif` }, 404],
          [admin, { method: 'GET', url: `/api/v1/projects/${projectId}/scans?limit=${q}` }, 400],
          [admin, { method: 'GET', url: `/api/v1/users/${id}` }, 404],
          [admin, { method: 'PATCH', url: `/api/v1/users/${developer.user.id}`, payload: { role: text } }, 400],
          [admin, { method: 'DELETE', url: `/api/v1/users/${id}` }, 404],
          [admin, { method: 'GET', url: `/api/v1/audit?actorUserId=${q}` }, 400],
          [admin, { method: 'GET', url: `/api/v1/audit?cursor=${q}` }, 400],
          [admin, { method: 'GET', url: `/api/v1/audit?since=${q}` }, 400],
          [developer, { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'x', scopes: [text] } }, 400],
          [developer, { method: 'DELETE', url: `/api/v1/api-keys/${id}` }, 404],
        ];
        for (const [who, request, status] of expectations) {
          const response = await send(who, request);
          expect(response.statusCode, `${request.method} ${request.url} ${JSON.stringify(request.payload)}`).toBe(
            status,
          );
        }
        for (const filter of ['action', 'targetType', 'targetId']) {
          const response = await send(admin, { method: 'GET', url: `/api/v1/audit?${filter}=${q}` });
          expect(response.json().items).toEqual([]);
        }
      }
      expect(await tableCounts(t())).toEqual(before);
    });

    it('as scanned file paths and finding filters are data, matched exactly', async () => {
      const { developer, projectId } = await setup();
      const files = SQL_INJECTIONS.filter((text) => !text.includes('\\')).map((text, i) => ({
        path: `src/${text.replaceAll('/', '_')}-${i}.ts`,
        content: `${VULNERABLE_HANDLER}// ${text}\n`,
      }));
      const submitted = await send(developer, {
        method: 'POST',
        url: `/api/v1/projects/${projectId}/scans`,
        payload: { files },
      });
      expect(submitted.statusCode).toBe(201);
      const scanId = submitted.json().scan.id;
      expect(submitted.json().scan.findingsTotal).toBe(files.length * 3);
      for (const file of files) {
        const response = await send(developer, {
          method: 'GET',
          url: `/api/v1/scans/${scanId}?file=${encodeURIComponent(file.path)}`,
        });
        expect(response.json().findings.total).toBe(3);
        expect(response.json().findings.items.every((f: { file: string }) => f.file === file.path)).toBe(true);
      }
      for (const text of SQL_INJECTIONS) {
        const q = encodeURIComponent(text);
        expect(
          (await send(developer, { method: 'GET', url: `/api/v1/scans/${scanId}?rule=${q}` })).json().findings.total,
        ).toBe(0);
        expect(
          (await send(developer, { method: 'GET', url: `/api/v1/scans/${scanId}?file=${q}` })).json().findings.total,
        ).toBe(0);
        expect(
          (await send(developer, { method: 'GET', url: `/api/v1/scans/${scanId}?severity=${q}` })).statusCode,
        ).toBe(400);
      }
    });
  });

  describe('path traversal and archive tricks in scan uploads', () => {
    function upload(who: SignedInUser, projectId: string, data: Buffer, filename = 'upload.zip') {
      const { payload, headers } = multipartBody([{ name: 'archive', filename, data }]);
      return send(who, { method: 'POST', url: `/api/v1/projects/${projectId}/scans`, headers, payload });
    }

    it('refuses JSON files whose paths leave the root, listing each one', async () => {
      const { developer, projectId } = await setup();
      const paths = [
        '../../etc/passwd',
        '/etc/shadow',
        'C:\\Windows\\win.ini',
        'src/../../../root/.ssh/id_rsa',
        'a\\..\\b.ts',
      ];
      const response = await send(developer, {
        method: 'POST',
        url: `/api/v1/projects/${projectId}/scans`,
        payload: {
          files: [{ path: 'src/ok.ts', content: 'export {};' }, ...paths.map((p) => ({ path: p, content: 'x' }))],
        },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('ECTUS_VALIDATION');
      expect(response.json().error.details.map((d: { path: string }) => d.path)).toEqual(
        paths.map((_p, i) => `/files/${i + 1}/path`),
      );
      expect(await listScans(t().db, projectId)).toEqual([]);
    });

    it('refuses zip-slip, tar-slip, links and devices, storing no scan', async () => {
      const { developer, projectId } = await setup();
      const uploads: [string, Buffer, string][] = [
        [
          'zip ../',
          writeZip([
            { name: 'ok.ts', data: 'x' },
            { name: '../../../tmp/evil.sh', data: 'rm -rf ~' },
          ]),
          'has a ".." segment',
        ],
        ['zip absolute', writeZip([{ name: '/etc/cron.d/evil', data: '* * * * * root sh' }]), 'has an absolute path'],
        ['zip backslash', writeZip([{ name: '..\\..\\evil.bat', data: 'del *' }]), 'has a backslash'],
        ['tar.gz ../', gzipSync(writeTar([{ name: '../evil.ts', data: 'x' }])), 'has a ".." segment'],
        [
          'tar.gz pax path',
          gzipSync(writeTar([{ name: 'fine.ts', data: 'x', pax: { path: '/etc/passwd' } }])),
          'absolute',
        ],
        ['tar.gz hard link', gzipSync(writeTar([{ name: 'pw', type: '1', linkName: '/etc/passwd' }])), 'hard link'],
        ['tar.gz device', gzipSync(writeTar([{ name: 'null', type: '3' }])), 'device'],
        [
          'system tar symlink',
          systemTarGz({ 'src/app.ts': 'export {};' }, (root) => symlinkSync('/etc/passwd', path.join(root, 'passwd'))),
          'symbolic link',
        ],
      ];
      for (const [label, data, reason] of uploads) {
        const response = await upload(developer, projectId, data);
        expect(response.statusCode, label).toBe(400);
        expect(response.json().error.code, label).toBe('ECTUS_ARCHIVE_UNSAFE_ENTRY');
        expect(response.json().error.message, label).toContain(reason);
      }
      expect(await listScans(t().db, projectId)).toEqual([]);
    });

    it('refuses archive bombs and files that are not archives', async () => {
      const { developer, projectId } = await setup();
      const zeros = Buffer.alloc(4 * 1024 * 1024);
      const bomb = writeZip(Array.from({ length: 8 }, (_, i) => ({ name: `part-${i}.js`, data: zeros })));
      expect(bomb.length).toBeLessThan(UPLOAD_LIMIT);
      const zipBomb = await upload(developer, projectId, bomb);
      expect(zipBomb.statusCode).toBe(413);
      expect(zipBomb.json().error).toMatchObject({
        code: 'ECTUS_ARCHIVE_TOO_LARGE',
        details: { limit: 'maxCompressionRatio' },
      });
      const gzBomb = await upload(
        developer,
        projectId,
        gzipSync(writeTar([{ name: 'z.js', data: Buffer.alloc(40 << 20) }])),
        'z.tgz',
      );
      expect(gzBomb.statusCode).toBe(413);
      const png = await upload(developer, projectId, Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), 'logo.png');
      expect(png.statusCode).toBe(400);
      expect(png.json().error.code).toBe('ECTUS_ARCHIVE_INVALID');
      expect(await listScans(t().db, projectId)).toEqual([]);
    });
  });

  describe('oversized and malformed bodies', () => {
    it('answers 413 above the body limit, and above the upload limit for scans', async () => {
      const { admin, developer, projectId } = await setup();
      const big = 'x'.repeat(BODY_LIMIT + 1);
      const cases: [SignedInUser, InjectOptions][] = [
        [developer, { method: 'POST', url: '/api/v1/projects', payload: { name: 'x', description: big } }],
        [developer, { method: 'PATCH', url: `/api/v1/projects/${projectId}`, payload: { description: big } }],
        [
          developer,
          { method: 'POST', url: `/api/v1/projects/${projectId}/members`, payload: { email: big, role: 'viewer' } },
        ],
        [admin, { method: 'PATCH', url: `/api/v1/users/${developer.user.id}`, payload: { name: big } }],
        [developer, { method: 'POST', url: '/api/v1/api-keys', payload: { name: big, scopes: ['projects:read'] } }],
      ];
      for (const [who, request] of cases) {
        const response = await send(who, request);
        expect(response.statusCode, `${request.method} ${request.url}`).toBe(413);
        expect(response.json().error.code).toBe('ECTUS_PAYLOAD_TOO_LARGE');
      }
      const scanJson = { files: [{ path: 'big.ts', content: 'y'.repeat(UPLOAD_LIMIT) }] };
      const tooBigScan = await send(developer, {
        method: 'POST',
        url: `/api/v1/projects/${projectId}/scans`,
        payload: scanJson,
      });
      expect(tooBigScan.statusCode).toBe(413);
      const fitsScan = { files: [{ path: 'fits.ts', content: 'y'.repeat(BODY_LIMIT * 2) }] };
      expect(
        (await send(developer, { method: 'POST', url: `/api/v1/projects/${projectId}/scans`, payload: fitsScan }))
          .statusCode,
      ).toBe(201);
      const { payload, headers } = multipartBody([
        {
          name: 'archive',
          filename: 'big.zip',
          data: writeZip([{ name: 'a.bin', data: Buffer.alloc(UPLOAD_LIMIT + 10, 7), store: true }]),
        },
      ]);
      const bigUpload = await send(developer, {
        method: 'POST',
        url: `/api/v1/projects/${projectId}/scans`,
        headers,
        payload,
      });
      expect(bigUpload.statusCode).toBe(413);
      expect(bigUpload.json().error.code).toBe('ECTUS_ARCHIVE_TOO_LARGE');
    });

    it('answers 400 to malformed JSON, prototype pollution and unknown fields, 415 to other types', async () => {
      const { admin, developer, projectId } = await setup();
      const targets: [SignedInUser, 'POST' | 'PATCH', string][] = [
        [developer, 'POST', '/api/v1/projects'],
        [developer, 'PATCH', `/api/v1/projects/${projectId}`],
        [developer, 'POST', `/api/v1/projects/${projectId}/members`],
        [developer, 'PATCH', `/api/v1/projects/${projectId}/members/${developer.user.id}`],
        [developer, 'POST', `/api/v1/projects/${projectId}/scans`],
        [admin, 'PATCH', `/api/v1/users/${developer.user.id}`],
        [developer, 'POST', '/api/v1/api-keys'],
      ];
      const json = { 'content-type': 'application/json' };
      for (const [who, method, url] of targets) {
        for (const payload of ['{"name": ', '{"name": "x",}', "{'name': 'x'}", '[1, 2', '\u0000']) {
          const response = await send(who, { method, url, headers: json, payload });
          expect(response.statusCode, `${method} ${url} ${payload}`).toBe(400);
          expect(response.json().error.code).toBe('ECTUS_BAD_REQUEST');
        }
        const polluted = await send(who, { method, url, headers: json, payload: '{"__proto__": {"role": "admin"}}' });
        expect(polluted.statusCode).toBe(400);
        const viaConstructor = await send(who, {
          method,
          url,
          headers: json,
          payload: '{"constructor": {"prototype": {"role": "admin"}}}',
        });
        expect(viaConstructor.statusCode).toBe(400);
        const unknown = await send(who, { method, url, payload: { role: 'viewer', name: 'n', isAdmin: true } });
        expect(unknown.statusCode).toBe(400);
        const text = await send(who, { method, url, headers: { 'content-type': 'text/plain' }, payload: 'name=x' });
        expect(text.statusCode).toBe(415);
      }
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    });
  });
});

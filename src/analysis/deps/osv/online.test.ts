import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../errors.js';
import { createOnlineAdvisorySource } from './online.js';
import { dependency, loadRecord } from './test-support/fixtures.js';

/** Which advisories the fake API reports for `ecosystem/name@version`. */
const ANSWERS: Record<string, string[]> = {
  'npm/lodash@4.17.15': ['GHSA-p6mc-m468-83gw'],
  'npm/minimist@1.2.0': ['GHSA-vh95-rmgr-6w4m', 'GHSA-xvch-5gv4-984h'],
  'PyPI/urllib3@2.0.4': ['GHSA-v845-jxx5-vc9f', 'PYSEC-2023-192'],
  'Go/golang.org/x/text@v0.3.2': ['GO-2020-0015', 'GHSA-5rcv-m4m3-hfh7', 'GO-2021-0113', 'GO-2022-1059'],
};

interface Recorded {
  batches: number[];
  vulns: string[];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Answers one query the way OSV does: `{}` when nothing matches, pages of two ids at most. */
function answer(query: { package: { name: string; ecosystem: string }; version: string; page_token?: string }) {
  const ids = ANSWERS[`${query.package.ecosystem}/${query.package.name}@${query.version}`] ?? [];
  const start = query.page_token ? Number(query.page_token) : 0;
  const page = ids.slice(start, start + 2).map((id) => ({ id, modified: loadRecord(id).modified }));
  if (page.length === 0) return {};
  return { vulns: page, ...(start + 2 < ids.length ? { next_page_token: String(start + 2) } : {}) };
}

let server: Server | undefined;

async function startApi(
  handle?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; seen: Recorded }> {
  const seen: Recorded = { batches: [], vulns: [] };
  server = createServer(
    handle ??
      ((req, res) => {
        void (async () => {
          if (req.method === 'POST' && req.url === '/v1/querybatch') {
            const { queries } = JSON.parse(await readBody(req));
            seen.batches.push(queries.length);
            send(res, 200, { results: queries.map(answer) });
          } else if (req.method === 'GET' && req.url?.startsWith('/v1/vulns/')) {
            const id = decodeURIComponent(req.url.slice('/v1/vulns/'.length));
            seen.vulns.push(id);
            send(res, 200, loadRecord(id));
          } else {
            send(res, 404, { code: 5, message: 'Not Found' });
          }
        })();
      }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('OSV API source', () => {
  it('queries in batches, follows page tokens, fetches each record once and merges aliases', async () => {
    const { url, seen } = await startApi();
    const source = createOnlineAdvisorySource({ baseUrl: url, batchSize: 2 });
    expect(source.info()).toEqual({ importedAt: null, ageDays: null, counts: {}, online: true });
    const deps = [
      dependency('npm', 'lodash', '4.17.15'),
      dependency('npm', 'express', '4.21.2'),
      dependency('npm', 'minimist', '1.2.0'),
      dependency('PyPI', 'urllib3', '2.0.4'),
      dependency('Go', 'golang.org/x/text', 'v0.3.2'),
      dependency('npm', 'lodash', '4.17.15', { file: 'other/package-lock.json' }),
    ];
    const result = await source.match(deps);
    // Five distinct queries in batches of two, then one page-two batch for x/text.
    expect(seen.batches).toEqual([2, 2, 1, 1]);
    expect(seen.vulns.sort()).toEqual([...new Set(Object.values(ANSWERS).flat())].sort());
    expect(
      result.map((v) => [v.dependency.name, v.dependency.file, v.advisories.map((a) => a.id), v.upgradeTo]),
    ).toEqual([
      ['lodash', 'package-lock.json', ['GHSA-p6mc-m468-83gw'], '4.17.19'],
      ['minimist', 'package-lock.json', ['GHSA-xvch-5gv4-984h', 'GHSA-vh95-rmgr-6w4m'], '1.2.6'],
      ['urllib3', 'package-lock.json', ['GHSA-v845-jxx5-vc9f'], '2.0.6'],
      ['golang.org/x/text', 'package-lock.json', ['GHSA-5rcv-m4m3-hfh7', 'GO-2021-0113', 'GO-2022-1059'], 'v0.3.8'],
      ['lodash', 'other/package-lock.json', ['GHSA-p6mc-m468-83gw'], '4.17.19'],
    ]);
    expect(result[2]?.advisories[0]?.aliases).toEqual(['CVE-2023-43804', 'PYSEC-2023-192']);
    const info = source.info();
    expect(info).toMatchObject({ ageDays: 0, online: true, counts: { npm: 3, PyPI: 2, Go: 4 } });
    expect(Date.parse(info.importedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('asks nothing when there are no dependencies', async () => {
    const { url, seen } = await startApi();
    expect(await createOnlineAdvisorySource({ baseUrl: url }).match([])).toEqual([]);
    expect(seen.batches).toEqual([]);
  });

  it('fails with ECTUS_OSV_UNREACHABLE when nothing listens', async () => {
    const { url } = await startApi();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await failure(
      createOnlineAdvisorySource({ baseUrl: url }).match([dependency('npm', 'lodash', '4.17.15')]),
    );
    expect(isAppError(error) && error.code).toBe('ECTUS_OSV_UNREACHABLE');
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('fails with ECTUS_OSV_UNREACHABLE when the API does not answer in time', async () => {
    const { url } = await startApi(() => undefined);
    const source = createOnlineAdvisorySource({ baseUrl: url, timeoutMs: 200 });
    const error = await failure(source.match([dependency('npm', 'lodash', '4.17.15')]));
    expect(isAppError(error) && error.code).toBe('ECTUS_OSV_UNREACHABLE');
    expect((error as Error).message).toMatch(/no answer within 0.2 s/);
  });

  it('fails with ECTUS_OSV_UNREACHABLE on an HTTP error or a malformed answer', async () => {
    const { url } = await startApi((_req, res) => send(res, 503, { message: 'unavailable' }));
    const error = await failure(
      createOnlineAdvisorySource({ baseUrl: url }).match([dependency('npm', 'lodash', '4.17.15')]),
    );
    expect(isAppError(error) && error.code).toBe('ECTUS_OSV_UNREACHABLE');
    expect((error as Error).message).toMatch(/HTTP 503/);
    await new Promise((resolve) => server!.close(resolve));
    const short = await startApi((_req, res) => send(res, 200, { results: [] }));
    const wrong = await failure(
      createOnlineAdvisorySource({ baseUrl: short.url }).match([dependency('npm', 'a', '1.0.0')]),
    );
    expect(isAppError(wrong) && wrong.code).toBe('ECTUS_OSV_UNREACHABLE');
  });
});

import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SourceFile } from '../../../analysis/engine.js';
import { findProjectById } from '../../../db/repositories/projects.js';
import { countFindings, findScan, listFindings, listScans, type ScanRecord } from '../../../db/repositories/scans.js';
import { AppError, isAppError } from '../../../errors.js';
import { requirePermission } from '../../plugins/auth.js';
import { scanSarif } from '../../services/scan-sarif.js';
import { createInlineScanRunner, createScanService } from '../../services/scans.js';
import { safeEntryPath } from '../../uploads/extract-archive.js';
import { offsetPage, pageQuery } from '../common-schemas.js';
import { actorOf } from '../request-actor.js';
import {
  findingsQuery,
  projectParams,
  sarifLog,
  scanPage,
  scanParams,
  scanWithFindings,
  submitFilesBody,
  submittedScan,
} from './schema.js';

const TAGS = ['scans'];

/** Scans found while checking access, handed to the handler without a second query. */
const loadedScans = new WeakMap<FastifyRequest, ScanRecord>();

/** The project of the scan a `/scans/:id` URL names (null when there is no such scan). */
async function scanProject(request: FastifyRequest): Promise<string | null> {
  const params = request.params as Record<string, string | undefined>;
  const found = await findScan(request.server.deps.database.db, params.id ?? '');
  if (!found) return null;
  loadedScans.set(request, found);
  return found.projectId;
}

/** The scan `scanProject` found (the access check has answered 404 when there was none). */
function loadedScan(request: FastifyRequest): ScanRecord {
  const found = loadedScans.get(request);
  if (!found) throw new AppError('ECTUS_NOT_FOUND', 'There is no such scan.');
  return found;
}

function projectNotFound(): AppError {
  return new AppError('ECTUS_NOT_FOUND', 'There is no such project.');
}

/**
 * A `file` filter as paths are stored: submitted paths are normalised (`./src//app.ts` is kept as
 * `src/app.ts`), so the path a client sent finds its findings. A path that could not have been
 * submitted is matched as it is, and so matches nothing.
 */
function storedPath(file: string): string {
  try {
    return safeEntryPath(file) || file;
  } catch (error) {
    if (isAppError(error)) return file;
    throw error;
  }
}

/** Submitted paths get the same checks as archive entries; every bad path is listed. */
function checkedFiles(files: readonly SourceFile[]): SourceFile[] {
  const problems: { location: string; path: string; message: string }[] = [];
  const seen = new Set<string>();
  const checked = files.map((file, index) => {
    let path = '';
    try {
      path = safeEntryPath(file.path);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const details = error.details as { reason?: string } | undefined;
      problems.push({ location: 'body', path: `/files/${index}/path`, message: details?.reason ?? error.message });
    }
    if (path !== '' && seen.has(path)) {
      problems.push({ location: 'body', path: `/files/${index}/path`, message: 'repeats an earlier path' });
    }
    seen.add(path);
    return { path, content: file.content };
  });
  if (checked.some((file) => file.path === '') && problems.length === 0) {
    problems.push({ location: 'body', path: '/files', message: 'a path names no file' });
  }
  if (problems.length > 0) {
    throw new AppError('ECTUS_VALIDATION', 'Some file paths are not plain relative paths.', {
      details: problems.slice(0, 50),
    });
  }
  return checked;
}

/** Multipart errors the client caused: an oversized file is 413, anything else malformed is 400. */
function uploadError(error: unknown): unknown {
  if (isAppError(error)) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('ECTUS_ARCHIVE_TOO_LARGE', 'The uploaded archive is larger than the upload limit.');
  }
  if (code === 'FST_FILES_LIMIT') {
    return new AppError('ECTUS_VALIDATION', 'The multipart body holds more than one file: send one archive per scan.');
  }
  if (code.startsWith('FST_') && code.endsWith('_LIMIT')) {
    return new AppError('ECTUS_PAYLOAD_TOO_LARGE', 'The multipart body has too many parts: send one archive.');
  }
  return new AppError('ECTUS_BAD_REQUEST', 'The multipart body could not be read.');
}

/**
 * The one archive of a multipart body. The whole body is read, so a second file is refused (the
 * parser's file limit) rather than silently left unscanned.
 */
async function readUpload(request: FastifyRequest): Promise<{ archive: Buffer; fileName: string }> {
  try {
    let upload: { archive: Buffer; fileName: string } | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') upload = { archive: await part.toBuffer(), fileName: part.filename };
    }
    if (!upload) {
      throw new AppError('ECTUS_VALIDATION', 'The multipart body has no file: send the archive as a file field.');
    }
    return upload;
  } catch (error) {
    throw uploadError(error);
  }
}

/**
 * Scans: `POST|GET /api/v1/projects/:id/scans` (submit, list) and `GET /api/v1/scans/:id` (with its
 * findings) and `/sarif`. A submission is JSON `{ files: [{ path, content }] }` or a multipart
 * upload of one `.zip`, `.tar.gz` or `.tar` file, both up to the upload limit (`ECTUS_UPLOAD_LIMIT`).
 */
export const scanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, clock } = app.deps;
  const { db } = app.deps.database;
  const scans = createScanService({
    db,
    clock,
    runner: createInlineScanRunner({ db, clock }),
    archiveLimits: { maxCompressedBytes: config.uploadLimitBytes },
  });
  // Only this plugin's routes accept multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, parts: 11, fieldSize: 1024, headerPairs: 50 },
  });
  const byScan = requirePermission('scans:read', { resolveProject: scanProject, notFound: 'There is no such scan.' });

  app.post(
    '/projects/:id/scans',
    {
      preValidation: requirePermission('scans:create', { projectParam: 'id' }),
      bodyLimit: config.uploadLimitBytes,
      schema: {
        tags: TAGS,
        summary: 'Scan files (JSON) or an uploaded .zip/.tar.gz archive (multipart)',
        consumes: ['application/json', 'multipart/form-data'],
        params: projectParams,
        body: submitFilesBody.nullish(),
        response: { 201: submittedScan },
      },
    },
    async (request, reply) => {
      const projectId = request.params.id;
      if (!(await findProjectById(db, projectId))) throw projectNotFound();
      const { userId } = actorOf(request);
      if (request.isMultipart()) {
        const upload = await readUpload(request);
        return reply.code(201).send(await scans.submitArchive({ projectId, userId, ...upload }));
      }
      if (!request.body) {
        throw new AppError('ECTUS_VALIDATION', 'Send JSON { files: [{ path, content }] } or a multipart archive.');
      }
      return reply
        .code(201)
        .send(await scans.submitFiles({ projectId, userId, files: checkedFiles(request.body.files) }));
    },
  );

  app.get(
    '/projects/:id/scans',
    {
      preValidation: requirePermission('scans:read', { projectParam: 'id' }),
      schema: {
        tags: TAGS,
        summary: "A project's scans, newest first",
        params: projectParams,
        querystring: pageQuery,
        response: { 200: scanPage },
      },
    },
    async (request) => {
      const projectId = request.params.id;
      if (!(await findProjectById(db, projectId))) throw projectNotFound();
      const page = request.query;
      return offsetPage(await listScans(db, projectId, { limit: page.limit + 1, offset: page.offset }), page);
    },
  );

  app.get(
    '/scans/:id',
    {
      preValidation: byScan,
      schema: {
        tags: TAGS,
        summary: 'A scan with its findings, filtered (severity, rule, file) and paged, most severe first',
        params: scanParams,
        querystring: findingsQuery,
        response: { 200: scanWithFindings },
      },
    },
    async (request) => {
      const found = loadedScan(request);
      const { severity, rule, file, limit, offset } = request.query;
      const filter = { severities: severity, ruleId: rule, file: file === undefined ? undefined : storedPath(file) };
      const [items, total] = await Promise.all([
        listFindings(db, found.id, { ...filter, limit, offset }),
        countFindings(db, found.id, filter),
      ]);
      return { scan: found, findings: { items, total, limit, offset } };
    },
  );

  app.get(
    '/scans/:id/sarif',
    {
      preValidation: byScan,
      schema: {
        tags: TAGS,
        summary: 'A scan as a SARIF 2.1.0 file (for GitHub code scanning and other tools)',
        params: scanParams,
        produces: ['application/sarif+json'],
        response: { 200: sarifLog },
      },
    },
    async (request, reply) => {
      const found = loadedScan(request);
      const log = await scanSarif(db, found);
      return (
        reply
          .type('application/sarif+json; charset=utf-8')
          .header('content-disposition', `attachment; filename="ectus-scan-${found.id}.sarif"`)
          // A copy as a plain object literal: the response schema is a loose object type.
          .send({ ...log })
      );
    },
  );
};

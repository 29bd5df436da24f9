import { describe, expect, it } from 'vitest';
import { makeProject } from '../../db/test-support/fixtures.js';
import { useTestApp } from '../test-support/test-app.js';

describe('error messages that depend on the route', () => {
  const t = useTestApp();

  it('names what a route accepts when the content type is refused', async () => {
    const dev = await t().signIn('developer');
    const project = await makeProject(t().db, null);
    await t().addMember(project.id, dev.user.id, 'developer');
    const gzip = await t().app.inject({
      method: 'POST',
      url: `/api/v1/projects/${project.id}/scans`,
      headers: { ...dev.headers, 'content-type': 'application/gzip' },
      payload: Buffer.from([0x1f, 0x8b, 8, 0]),
    });
    expect(gzip.statusCode).toBe(415);
    expect(gzip.json().error).toEqual({
      code: 'ECTUS_UNSUPPORTED_MEDIA_TYPE',
      message: 'This content type is not accepted here; send application/json or multipart/form-data.',
    });
    const text = await t().app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { ...dev.headers, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(text.json().error.message).toBe('This content type is not accepted here; send application/json.');
  });

  it('says that the body is missing rather than quoting the schema', async () => {
    const dev = await t().signIn('developer');
    const none = await t().app.inject({ method: 'POST', url: '/api/v1/projects', headers: dev.headers });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({
      code: 'ECTUS_VALIDATION',
      message: 'The request has no body: send a JSON object with Content-Type: application/json.',
      details: [{ location: 'body', path: '' }],
    });
    const wrongShape = await t().app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: dev.headers,
      payload: [1],
    });
    expect(wrongShape.json().error.message).toBe('The request does not match the expected shape.');
  });
});

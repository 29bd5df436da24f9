import { describe, expect, it } from 'vitest';
import { recordAuditEvent } from '../../../db/repositories/audit-events.js';
import { useTestApp } from '../../test-support/test-app.js';
import { decodeCursor, encodeCursor } from './index.js';

describe('audit log route', () => {
  const t = useTestApp();

  async function seed(count: number) {
    const start = t().clock.now().getTime();
    for (let i = 0; i < count; i += 1) {
      await recordAuditEvent(t().db, {
        action: i % 2 === 0 ? 'project.delete' : 'auth.login',
        at: new Date(start - i * 1000),
        actor: `user${i}@example.com`,
        targetType: i % 2 === 0 ? 'project' : 'user',
        targetId: `target-${i}`,
        ip: '203.0.113.7',
      });
    }
  }

  it('pages newest first by cursor until the last page', async () => {
    const admin = await t().signIn('admin');
    await seed(5);
    const seen: string[] = [];
    const url = '/api/v1/audit?limit=2&action=project.delete';
    const first = (await t().app.inject({ method: 'GET', url, headers: admin.headers })).json();
    expect(first.items.map((e: { targetId: string }) => e.targetId)).toEqual(['target-0', 'target-2']);
    seen.push(...first.items.map((e: { targetId: string }) => e.targetId));
    const second = (
      await t().app.inject({ method: 'GET', url: `${url}&cursor=${first.nextCursor}`, headers: admin.headers })
    ).json();
    seen.push(...second.items.map((e: { targetId: string }) => e.targetId));
    expect(seen).toEqual(['target-0', 'target-2', 'target-4']);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by action prefix, target, actor and time', async () => {
    const admin = await t().signIn('admin');
    await seed(4);
    const get = async (query: string) =>
      (await t().app.inject({ method: 'GET', url: `/api/v1/audit?${query}`, headers: admin.headers })).json();
    expect((await get('action=auth.*')).items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['auth.login']),
    );
    expect((await get('action=auth.*')).items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(
      true,
    );
    expect((await get('targetType=project&targetId=target-2')).items).toHaveLength(1);
    const since = new Date(t().clock.now().getTime() - 1500).toISOString();
    expect((await get(`since=${since}&action=project.delete`)).items).toHaveLength(1);
    expect((await get(`actorUserId=${admin.user.id}&action=project.delete`)).items).toEqual([]);
  });

  it('refuses forged cursors and malformed filters', async () => {
    const admin = await t().signIn('admin');
    const bad = async (query: string) =>
      (await t().app.inject({ method: 'GET', url: `/api/v1/audit?${query}`, headers: admin.headers })).statusCode;
    expect(await bad('cursor=not-a-cursor')).toBe(400);
    expect(await bad(`cursor=${Buffer.from('["x","y"]').toString('base64url')}`)).toBe(400);
    expect(await bad('actorUserId=1%20OR%201=1')).toBe(400);
    expect(await bad('since=yesterday')).toBe(400);
    const cursor = { at: new Date('2026-03-01T12:00:00.123Z'), id: '0c8ba1de-4c1b-4a33-9d11-8a2f0e3c6b21' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});

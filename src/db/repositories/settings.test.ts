import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import { deleteSetting, getSetting, listSettings, putSetting } from './settings.js';

describe.each(TEST_DATABASES)('settings repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('stores JSON values of every kind and reads them back unchanged', async () => {
    const { db } = database();
    const values: [string, unknown][] = [
      ['a.object', { smtp: { host: 'mail.example.com', port: 587 }, enabled: true }],
      ['b.array', ['https://ci.example.com', 'https://dash.example.com']],
      ['c.string', 'plain text with "quotes" and \'apostrophes\''],
      ['d.number', 42.5],
      ['e.boolean', false],
    ];
    for (const [key, value] of values) await putSetting(db, { key, value, updatedBy: null, now: T0 });
    for (const [key, value] of values) expect((await getSetting(db, key))?.value).toEqual(value);
    expect((await listSettings(db)).map((setting) => setting.key)).toEqual(values.map(([key]) => key));
  });

  it('replaces a value, recording who and when', async () => {
    const { db } = database();
    const admin = await makeUser(db);
    await putSetting(db, { key: 'quota.scansPerDay', value: 100, updatedBy: null, now: T0 });
    const updated = await putSetting(db, {
      key: 'quota.scansPerDay',
      value: 250,
      updatedBy: admin.id,
      now: minutesAfter(T0, 1),
    });
    expect(updated).toEqual({
      key: 'quota.scansPerDay',
      value: 250,
      updatedBy: admin.id,
      updatedAt: minutesAfter(T0, 1),
    });
  });

  it('deletes a key', async () => {
    const { db } = database();
    await putSetting(db, { key: 'gone', value: 1, updatedBy: null, now: T0 });
    expect(await deleteSetting(db, 'gone')).toBe(true);
    expect(await deleteSetting(db, 'gone')).toBe(false);
    expect(await getSetting(db, 'gone')).toBeNull();
  });
});

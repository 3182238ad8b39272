import { describe, expect, it } from 'vitest';
import { rebuildDatabaseUrl } from './rebuild-database-url.js';

describe('rebuildDatabaseUrl', () => {
  it('turns synchronous commit off, keeping other options', () => {
    const plain = new URL(rebuildDatabaseUrl('postgres://u@h:5433/db'));
    expect(plain.searchParams.get('options')).toBe('-c synchronous_commit=off');
    const more = new URL(rebuildDatabaseUrl('postgres://u@h:5433/db?options=-c%20work_mem%3D64MB'));
    expect(more.searchParams.get('options')).toBe('-c work_mem=64MB -c synchronous_commit=off');
  });
});

/**
 * The database URL for a rebuild's pool: `synchronous_commit=off` on its connections. Safe for
 * a rebuild: every chunk writes its rows and its checkpoint in one transaction, so a crash that
 * loses the last commits loses both together, and the resumed rebuild applies those records
 * again. The switch itself commits synchronously (`switchLive` sets it back on locally).
 *
 * @example createDb({ url: rebuildDatabaseUrl(config.databaseUrl), max: 16 })
 */
export function rebuildDatabaseUrl(url: string): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  u.searchParams.set(
    'options',
    `${options === null ? '' : `${options} `}-c synchronous_commit=off`,
  );
  return u.toString();
}

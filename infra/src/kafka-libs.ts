import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { withLock } from './file-lock.js';
import { run } from './kafka-exec.js';
import { pomPath, resolveOptions, type KafkaInfraOptions, type Resolved } from './kafka-options.js';

/** Fetches the broker jars with Maven unless libs/ already holds those of the current pom. */
export async function ensureKafkaLibs(opts?: KafkaInfraOptions): Promise<string> {
  const o = resolveOptions(opts);
  const pomHash = createHash('sha256')
    .update(await readFile(pomPath))
    .digest('hex');
  const marker = join(o.libs, '.pom-sha256');
  const current = async () => (await readFile(marker, 'utf8').catch(() => '')) === pomHash;
  if (await current()) return o.libs;
  // Brokers of one checkout share libs/: one fetch at a time, and the others then find it done.
  await mkdir(dirname(o.libs), { recursive: true });
  return withLock(`${o.libs}.lock`, async () => {
    if (await current()) return o.libs;
    await fetchKafkaLibs(o, pomHash);
    return o.libs;
  });
}

/** Downloads next to libs/ and swaps it in, so an interrupted fetch never looks complete. */
async function fetchKafkaLibs(o: Resolved, pomHash: string): Promise<void> {
  const tmp = `${o.libs}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  o.log(`kafka: fetching broker jars with Maven into ${o.libs} (first time only)`);
  const t0 = Date.now();
  const args = [
    '-q',
    '-B',
    '-f',
    pomPath,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
  ];
  await run('mvn', [...args, `-DoutputDirectory=${tmp}`]);
  await writeFile(join(tmp, '.pom-sha256'), pomHash);
  await rm(o.libs, { recursive: true, force: true });
  await rename(tmp, o.libs);
  o.log(`kafka: jars fetched in ${Date.now() - t0} ms`);
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const composeService = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  entrypoint: z.union([z.string(), z.array(z.string())]).optional(),
  volumes: z.array(z.string()).optional(),
  working_dir: z.string().optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).optional(),
  ports: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
});

const composeFile = z.object({
  name: z.string(),
  services: z.record(z.string(), composeService),
});

/** The dealflow services and the port each listens on. */
export const SERVICE_PORTS = { command: 3001, query: 3002, projector: 3003 } as const;

/**
 * The problems of docker-compose.yml: it must run Kafka, Postgres and the three services, each
 * built from its own Dockerfile in the repository, and never install into or mount the checkout.
 */
export function checkCompose(text: string, root: string): string[] {
  const parsed = composeFile.safeParse(parse(text, { merge: true }));
  if (!parsed.success) return [`not a compose file we know: ${z.prettifyError(parsed.error)}`];
  const { services } = parsed.data;
  const problems: string[] = [];
  for (const infra of ['postgres', 'kafka']) {
    const image = services[infra]?.image ?? '';
    if (!/^[\w./-]+:[\w.-]+$/.test(image) || image.endsWith(':latest')) {
      problems.push(`${infra}: needs an image with a pinned tag, not "${image}"`);
    }
  }
  for (const [name, port] of Object.entries(SERVICE_PORTS)) {
    const service = services[name];
    if (service === undefined) {
      problems.push(`${name}: missing`);
      continue;
    }
    const dockerfile = `services/${name}/Dockerfile`;
    if (service.build?.context !== '.' || service.build.dockerfile !== dockerfile) {
      problems.push(`${name}: must build ${dockerfile} with the repository as context`);
    }
    if (!existsSync(join(root, dockerfile))) problems.push(`${name}: ${dockerfile} is missing`);
    if (service.command !== undefined || service.entrypoint !== undefined) {
      problems.push(`${name}: runs its image's CMD, not a command of its own`);
    }
    if (String(service.environment?.PORT) !== String(port)) {
      problems.push(`${name}: PORT must be ${port}`);
    }
    if (!service.ports?.includes(`${port}:${port}`)) problems.push(`${name}: publish ${port}`);
  }
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      if (/^\.{1,2}(\/|:)/.test(volume)) problems.push(`${name}: mounts the checkout (${volume})`);
    }
    const command = [service.command ?? '', service.entrypoint ?? ''].flat().join(' ');
    if (/\b(npm|pnpm|npx|yarn)\b/.test(command)) {
      problems.push(`${name}: runs a package manager (${command.slice(0, 60)})`);
    }
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      if (services[dependency] === undefined) {
        problems.push(`${name}: depends on unknown service ${dependency}`);
      }
    }
  }
  return problems;
}

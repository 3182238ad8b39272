import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCompose, SERVICE_PORTS } from './check-compose.js';
import { SERVICE_NODE_OPTIONS } from '../service-node-options.mjs';
import { checkServiceDockerfile } from './check-dockerfile.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const nodeVersion = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
const dockerfileOf = (name: string) =>
  readFileSync(join(root, `services/${name}/Dockerfile`), 'utf8');
const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');

describe('the service images', () => {
  for (const [name, port] of Object.entries(SERVICE_PORTS)) {
    it(`${name}: lints clean and follows the image rules`, () => {
      const content = dockerfileOf(name);
      expect(
        checkServiceDockerfile(content, {
          root,
          service: `services/${name}`,
          nodeVersion,
          nodeOptions: SERVICE_NODE_OPTIONS[name as keyof typeof SERVICE_NODE_OPTIONS],
        }),
      ).toEqual([]);
      expect(content).toContain(`EXPOSE ${port}`);
      expect(content).toMatch(/HEALTHCHECK[^\n]*\n[^\n]*\/livez/);
      expect(content).toMatch(new RegExp(`PORT=${port}\\b`));
    });
  }

  it('the checker finds what a careless Dockerfile gets wrong', () => {
    const rules = { root, service: 'services/command', nodeVersion, nodeOptions: [] };
    const good = dockerfileOf('command');
    const broken = (from: string, to: string) => {
      expect(good).toContain(from);
      return checkServiceDockerfile(good.replace(from, to), rules).join('\n');
    };
    expect(broken('USER 1000:1000\n', '')).toMatch(/non-root USER/);
    expect(broken('USER 1000:1000\n', 'USER root\n')).toMatch(/non-root USER/);
    expect(broken('HEALTHCHECK', 'LABEL x=y\n# HEALTHCHECK')).toMatch(/HEALTHCHECK/);
    expect(broken(`ARG NODE_VERSION=${nodeVersion}`, 'ARG NODE_VERSION=20.19.0')).toMatch(
      /\.nvmrc/,
    );
    expect(broken('COPY pnpm-lock.yaml', 'COPY package-lock.json')).toMatch(
      /package-lock\.json: not in the repository/,
    );
    expect(broken('COPY --from=build /out', 'COPY --from=build /repo')).toMatch(
      /no 'pnpm deploy --prod' writes it/,
    );
    expect(broken('--from=build', '--from=builder')).toMatch(/no earlier stage/);
    expect(broken('CMD ["node", "dist/server.js"]', 'CMD node dist/server.js')).toMatch(
      /exec form/,
    );
    expect(broken('deploy --prod --legacy', 'deploy --legacy')).toMatch(/deploy --prod/);
    expect(broken('WORKDIR /app', 'WORKDIR app')).toMatch(/line \d+/);
    expect(
      broken('WORKDIR /app', 'ENV NODE_OPTIONS=--max-semi-space-size=64\nWORKDIR /app'),
    ).toMatch(/NODE_OPTIONS must be the service's V8 options/);
    expect(broken('USER 1000:1000\n', 'USER 1000:1000\nRUN npm install left-pad\n')).toMatch(
      /installs/,
    );
  });
});

describe('docker-compose.yml', () => {
  it('builds the three images and runs them with Kafka and Postgres, without the checkout', () => {
    expect(checkCompose(compose, root)).toEqual([]);
  });

  it('the checker refuses a compose file that mounts or installs into the checkout', () => {
    const mounting = compose.replace(
      '    image: dealflow-query\n',
      "    image: dealflow-query\n    volumes: ['./:/app']\n    command: npx pnpm exec tsx services/query/src/server.ts\n",
    );
    expect(mounting).not.toBe(compose);
    const problems = checkCompose(mounting, root).join('\n');
    expect(problems).toMatch(/query: mounts the checkout/);
    expect(problems).toMatch(/query: runs a package manager/);
    expect(checkCompose(compose.replace('services/query/Dockerfile', 'Dockerfile'), root)).toEqual(
      expect.arrayContaining([expect.stringMatching(/query: must build services\/query/)]),
    );
  });
});

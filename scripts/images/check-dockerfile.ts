import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DockerfileParser,
  ModifiableInstruction,
  PropertyInstruction,
  type Instruction,
} from 'dockerfile-ast';
import { validate, ValidationSeverity } from 'dockerfile-utils';

/** Every check of dockerfile-utils' validator raised to an error. */
const STRICT = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/** What a service image must be, beside what the linter checks. */
export interface ServiceImageRules {
  /** The repository root: the build context. */
  root: string;
  /** The workspace folder of the service, e.g. `services/command`. */
  service: string;
  /** The exact Node.js release of the workspace (`.nvmrc`). */
  nodeVersion: string;
  /** The service's V8 options (`SERVICE_NODE_OPTIONS`): the runtime stage's `NODE_OPTIONS`. */
  nodeOptions: readonly string[];
}

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

const words = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const flag = (i: Instruction, name: string) =>
  i instanceof ModifiableInstruction
    ? i
        .getFlags()
        .find((f) => f.getName() === name)
        ?.getValue()
    : undefined;

function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const [, as, name] = words(instruction);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** `.dockerignore` patterns that drop a path from the build context (a simple subset). */
function ignoredByContext(root: string, path: string): boolean {
  const file = join(root, '.dockerignore');
  if (!existsSync(file)) return false;
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .some((pattern) => {
      const bare = pattern.replace(/^\*\*\//, '');
      return path === pattern || path === bare || path.startsWith(`${bare}/`);
    });
}

/**
 * The problems of a service's Dockerfile: dockerfile-utils' diagnostics, and the rules of a
 * dealflow image — multi-stage on the workspace's Node release (slim), production dependencies
 * only (`pnpm deploy --prod`), a non-root user, a HEALTHCHECK, node as PID 1 on the compiled
 * server, and every COPY source present in the build context or produced by its stage.
 */
export function checkServiceDockerfile(content: string, rules: ServiceImageRules): string[] {
  const problems = validate(content, STRICT).map(
    (d) =>
      `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
  );
  const dockerfile = DockerfileParser.parse(content);
  const all = dockerfile.getInstructions();
  const stages = stagesOf(all);
  const final = stages.at(-1);
  if (stages.length < 2 || final === undefined) return [...problems, 'not a multi-stage build'];

  const nodeArg = dockerfile
    .getInitialARGs()
    .flatMap((a) => a.getProperties())
    .find((p) => p.getName() === 'NODE_VERSION');
  if (nodeArg?.getValue() !== rules.nodeVersion) {
    problems.push(`ARG NODE_VERSION must be ${rules.nodeVersion} (.nvmrc)`);
  }
  for (const from of dockerfile.getFROMs()) {
    const image = words(from)[0] ?? '';
    if (!/^node:\$\{NODE_VERSION\}-[a-z]+-slim$/.test(image)) {
      problems.push(`FROM ${image}: expected node:\${NODE_VERSION}-<debian>-slim`);
    }
  }

  const inFinal = (keyword: string) => final.instructions.filter((i) => i.getKeyword() === keyword);
  const user = inFinal('USER').at(-1);
  if (user === undefined || /^(root|0)(:|$)/.test(words(user)[0] ?? '')) {
    problems.push('the runtime stage must switch to a non-root USER');
  }
  const health = inFinal('HEALTHCHECK');
  if (health.length !== 1 || /^NONE$/i.test(words(health[0] as Instruction).at(-1) ?? '')) {
    problems.push('the runtime stage needs one HEALTHCHECK');
  }
  if (inFinal('ENTRYPOINT').length > 0) problems.push('no ENTRYPOINT: node runs as PID 1');
  const cmd = inFinal('CMD')[0];
  const cmdLine = cmd?.getArgumentsContent() ?? '';
  if (cmdLine !== '["node", "dist/server.js"]') {
    problems.push(`CMD must be the exec form ["node", "dist/server.js"], not ${cmdLine}`);
  }
  const nodeOptions = inFinal('ENV')
    .flatMap((env) => (env instanceof PropertyInstruction ? env.getProperties() : []))
    .filter((p) => p.getName() === 'NODE_OPTIONS')
    .map((p) => p.getValue() ?? '')
    .at(-1);
  if ((nodeOptions ?? '') !== rules.nodeOptions.join(' ')) {
    problems.push(
      `the runtime stage's NODE_OPTIONS must be the service's V8 options ` +
        `"${rules.nodeOptions.join(' ')}" (scripts/service-node-options.mjs), not "${nodeOptions ?? ''}"`,
    );
  }
  const stop = inFinal('STOPSIGNAL')[0];
  if (stop !== undefined && words(stop)[0] !== 'SIGTERM')
    problems.push('STOPSIGNAL must be SIGTERM');
  const server = readFileSync(join(rules.root, rules.service, 'src/server.ts'), 'utf8');
  if (!server.includes('onShutdown(')) {
    problems.push(`${rules.service}/src/server.ts does not handle SIGTERM (onShutdown)`);
  }
  for (const run of inFinal('RUN')) {
    if (/\b(npm|pnpm|yarn)\s+(install|ci|add)\b/.test(run.getArgumentsContent() ?? '')) {
      problems.push('the runtime stage installs packages: it must only copy the deployed output');
    }
  }

  problems.push(...checkDeployedOutput(rules, all));

  for (const [index, stage] of stages.entries()) {
    for (const copy of stage.instructions.filter((i) => ['COPY', 'ADD'].includes(i.getKeyword()))) {
      const sources = words(copy).slice(0, -1);
      const from = flag(copy, 'from');
      if (from === undefined) {
        for (const source of sources) {
          if (!existsSync(join(rules.root, source)))
            problems.push(`COPY ${source}: not in the repository`);
          else if (source !== '.' && ignoredByContext(rules.root, source)) {
            problems.push(`COPY ${source}: excluded by .dockerignore`);
          }
        }
        continue;
      }
      const producer = stages.slice(0, index).find((s) => s.name === from);
      if (producer === undefined) {
        problems.push(`COPY --from=${from}: no earlier stage of that name`);
        continue;
      }
      const runs = producer.instructions
        .filter((i) => i.getKeyword() === 'RUN')
        .map((i) => i.getArgumentsContent() ?? '');
      for (const source of sources) {
        const deployed = runs.some((r) =>
          new RegExp(`deploy --prod\\b[^&]*\\s${source.replace(/[/.]/g, '\\$&')}(\\s|$)`).test(r),
        );
        if (!deployed)
          problems.push(`COPY --from=${from} ${source}: no 'pnpm deploy --prod' writes it`);
      }
    }
  }
  return problems;
}

/**
 * The deployed package is the service, and its output holds what CMD runs: the package ships
 * `dist` and its build compiles `src/server.ts` there.
 */
function checkDeployedOutput(rules: ServiceImageRules, all: Instruction[]): string[] {
  const problems: string[] = [];
  const dir = join(rules.root, rules.service);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    files?: string[];
  };
  const runs = all.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent());
  if (!runs.some((r) => r?.includes(`--filter ${pkg.name} deploy --prod`))) {
    problems.push(`no 'pnpm --filter ${pkg.name} deploy --prod'`);
  }
  if (!pkg.files?.includes('dist'))
    problems.push(`${rules.service}/package.json does not ship dist`);
  const build = JSON.parse(readFileSync(join(dir, 'tsconfig.build.json'), 'utf8')) as {
    compilerOptions?: { rootDir?: string; outDir?: string };
  };
  const { rootDir, outDir } = build.compilerOptions ?? {};
  if (rootDir !== 'src' || outDir !== 'dist' || !existsSync(join(dir, 'src/server.ts'))) {
    problems.push(`${rules.service}: the build does not compile src/server.ts to dist/server.js`);
  }
  return problems;
}

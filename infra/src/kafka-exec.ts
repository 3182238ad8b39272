import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs a command to completion; rejects with its output when it fails. */
export function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => fail(new Error(`kafka: cannot run ${cmd}: ${err.message}`)));
    child.on('exit', (code) =>
      code === 0
        ? done()
        : fail(
            new Error(
              `kafka: ${cmd} ${args.slice(-6).join(' ')} failed (${code}):\n${output.slice(-4000)}`,
            ),
          ),
    );
  });
}

export function javaBin(): string {
  const home = process.env['JAVA_HOME'];
  return home ? join(home, 'bin', 'java') : 'java';
}

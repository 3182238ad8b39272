// The failures of every test tier, printed again at the end of `npm test`: a long run's log is
// often read from its tail (a CI page, a terminal's scrollback), and a failure printed minutes
// earlier between thousands of passing lines is easy to miss there.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = (root) => join(root, '.cache/test-results');

/** vitest arguments that keep its usual output and also write the tier's results as JSON. */
export function reportArgs(root, tier) {
  mkdirSync(resultsDir(root), { recursive: true });
  const file = join(resultsDir(root), `${tier}.json`);
  rmSync(file, { force: true });
  return ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
}

/** The first lines of a failure message, without colour codes. */
function excerpt(message, lines = 12) {
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
  const kept = plain.split('\n').slice(0, lines);
  return kept.map((l) => `      ${l}`).join('\n');
}

/**
 * Prints each failed test (tier, file, name, the start of its message) and each test file that
 * failed outside any test; returns how many there were. A tier that wrote no results (it crashed
 * or never ran) is named too.
 */
export function printFailures(root, tiers) {
  const lines = [];
  for (const tier of tiers) {
    const file = join(resultsDir(root), `${tier}.json`);
    if (!existsSync(file)) {
      lines.push(`  ${tier}: no results written (the tier did not run to its end)`);
      continue;
    }
    const results = JSON.parse(readFileSync(file, 'utf8'));
    for (const suite of results.testResults ?? []) {
      const path = suite.name.startsWith(root) ? suite.name.slice(root.length + 1) : suite.name;
      const failed = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const test of failed) {
        lines.push(`  ${tier} ${path} > ${test.fullName}`);
        for (const message of test.failureMessages ?? []) lines.push(excerpt(message));
      }
      if (failed.length === 0 && suite.status === 'failed') {
        lines.push(`  ${tier} ${path} (the file failed outside its tests)`);
        if (suite.message) lines.push(excerpt(suite.message));
      }
    }
  }
  if (lines.length > 0) console.log(`\nFailures:\n${lines.join('\n')}`);
  return lines.length;
}

/**
 * The tests counted over the tiers that wrote results, as one plain closing line
 * (`tests: N passed, N failed, N skipped`) that any log reader can take for the run's total.
 */
export function printTotals(root, tiers) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const tier of tiers) {
    const file = join(resultsDir(root), `${tier}.json`);
    if (!existsSync(file)) continue;
    const results = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += results.numPassedTests ?? 0;
    totals.failed += results.numFailedTests ?? 0;
    totals.skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  }
  console.log(
    `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
  );
  return totals;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The documents a reader of a fresh clone starts from. */
const DOCUMENTS = [
  'README.md',
  'DEVELOPERS.md',
  'docs/API.md',
  'examples/lead-events-consumer/README.md',
  'packages/client/README.md',
];

/** `[text](target)` links that are neither absolute URLs nor same-page anchors. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
  return targets.filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The relative links of `text` (a document at `document`) that lead nowhere in the clone. */
function brokenLinks(document: string, text: string): string[] {
  return relativeLinks(text).filter((link) => {
    const [path = '', anchor] = link.split('#');
    const target = resolve(dirname(join(root, document)), path);
    if (!target.startsWith(root) || !existsSync(target)) return true;
    if (anchor === undefined || !target.endsWith('.md')) return false;
    const headings = [...readFileSync(target, 'utf8').matchAll(/^#+ (.+)$/gm)];
    return !headings.some((heading) => anchorOf(heading[1] ?? '') === anchor);
  });
}

describe('documentation links', () => {
  it.each(DOCUMENTS)('every relative link of %s resolves inside the repository', (document) => {
    expect(brokenLinks(document, readFileSync(join(root, document), 'utf8'))).toEqual([]);
  });

  it('reports links out of the clone, to missing files and to missing headings', () => {
    const text =
      '[a](../shared/API.md) [b](docs/NOPE.md) [c](DEVELOPERS.md#no-such-heading) ' +
      '[d](DEVELOPERS.md#security) [e](https://example.com/x) [f](#local)';
    expect(brokenLinks('README.md', text)).toEqual([
      '../shared/API.md',
      'docs/NOPE.md',
      'DEVELOPERS.md#no-such-heading',
    ]);
  });
});

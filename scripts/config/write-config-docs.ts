import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_DOCS, renderEnvExample, renderMarkdown } from './config-docs.js';

// `npm run config-docs`: writes docs/configuration.md and .env.example from the services' schemas.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const markdown = join(root, CONFIG_DOCS.markdown);
writeFileSync(markdown, await renderMarkdown(markdown));
writeFileSync(join(root, CONFIG_DOCS.envExample), renderEnvExample());
console.log(`wrote ${CONFIG_DOCS.markdown} and ${CONFIG_DOCS.envExample}`);

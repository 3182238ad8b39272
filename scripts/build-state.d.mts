/** Workspace folders (relative to the root) that compile to dist/: those with tsconfig.build.json. */
export function buildablePackages(root: string): string[];
/** The buildable packages whose dist/ is missing or older than their sources or settings. */
export function staleBuilds(root: string): string[];

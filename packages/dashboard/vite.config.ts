import { defineConfig } from 'vite';

/**
 * The dashboard builds to static files that the query service serves at `/dashboard/`, so the
 * page and the API share one origin (no CORS, the same bearer token).
 */
export default defineConfig({
  base: '/dashboard/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});

import fastifyStatic from '@fastify/static';
import type { HttpApp } from '@dealflow/runtime';

/**
 * The dashboard's built files (`packages/dashboard/dist`) at `/dashboard/`: same origin as the
 * API, so the page needs no CORS and sends the same bearer token. The page itself is public
 * (it holds no data); every number it shows comes from the scoped API routes. Hashed assets are
 * cached for a year, `index.html` is revalidated.
 */
export async function dashboardRoute(app: HttpApp, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/dashboard/',
    redirect: true,
    index: 'index.html',
    schemaHide: true,
    setHeaders(res, path) {
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}

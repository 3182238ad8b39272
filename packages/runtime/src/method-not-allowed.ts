/** A route as Fastify's `onRoute` hook reports it. */
interface RouteSeen {
  method: string | string[];
  url: string;
}

/**
 * The methods each routed path answers, so that an unknown method on a known path gets
 * `405 method_not_allowed` with `Allow` (RFC 9110) instead of `404`. Wildcard routes (the
 * OpenAPI UI's assets, CORS preflight) are left out: they would match every path.
 */
export class RouteMethods {
  readonly #routes: { pattern: RegExp; methods: string[] }[] = [];

  /** Records a route; pass it to Fastify's `onRoute` hook. */
  add(route: RouteSeen): void {
    if (route.url.includes('*')) return;
    const source = route.url
      .split('/')
      .map((segment) =>
        segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    this.#routes.push({ pattern: new RegExp(`^${source}$`), methods });
  }

  /** The methods `path` (without query) is routed for, sorted; empty for an unknown path. */
  allowed(path: string): string[] {
    const methods = this.#routes
      .filter((route) => route.pattern.test(path))
      .flatMap((route) => route.methods);
    return [...new Set(methods)].sort();
  }
}

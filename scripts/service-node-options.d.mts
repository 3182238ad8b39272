export type ServiceName = 'command' | 'query' | 'projector';
/** Node options each service runs with, wherever it starts. */
export const SERVICE_NODE_OPTIONS: Readonly<Record<ServiceName, string>>;
/** `NODE_OPTIONS` of service `name`: the inherited ones (a profiler's, say), then its own. */
export function serviceNodeOptions(name: ServiceName, inherited: string | undefined): string;

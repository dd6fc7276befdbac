/** One authenticated HTTP load run with autocannon, reduced to the figures we report. */
import autocannon from 'autocannon';

export interface LoadResult {
  durationS: number;
  connections: number;
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  durationS: number;
  connections: number;
}

/** Sends requests from `connections` keep-alive connections for `durationS` seconds. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(opts.url)) throw new Error(`refusing to load anything but 127.0.0.1: ${opts.url}`);
  const result = await autocannon({
    url: opts.url,
    method: 'GET',
    headers: opts.headers,
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 10,
  });
  return {
    durationS: opts.durationS,
    connections: opts.connections,
    requests: result.requests.total,
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

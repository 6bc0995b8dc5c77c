/**
 * Child process that drives autocannon, so the load generator has its own event loop, heap and
 * GC instead of sharing them with the server under test. `runLoad` in lib.ts forks this file,
 * sends one `LoadRequest` over IPC and receives one `LoadReply`.
 */
import autocannon from 'autocannon';
import type { LoadReply, LoadRequest, LoadResult } from './lib.ts';

function summarise(title: string, result: autocannon.Result): LoadResult {
  return {
    title,
    requestsPerSec: result.requests.average,
    totalRequests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    durationSec: result.duration,
  };
}

function reply(message: LoadReply): void {
  process.send?.(message, () => process.exit(0));
}

process.once('message', (request: LoadRequest) => {
  autocannon(
    {
      url: request.url,
      method: 'POST',
      headers: request.headers,
      body: request.body,
      connections: request.connections,
      duration: request.durationSec,
      // Any response whose body differs from the one checked before the run counts as a
      // mismatch, so a throughput figure can never come from error answers.
      ...(request.expectBody === undefined ? {} : { expectBody: request.expectBody }),
    },
    (error, result) => {
      if (error) reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
      else reply({ ok: true, result: summarise(request.title, result) });
    },
  );
});

// The parent went away (crash, Ctrl-C): nothing is left to report to.
process.once('disconnect', () => process.exit(1));

-- wrk script: the run's figures as one JSON line (latency percentiles in milliseconds).
-- Used by benchmarks/bench_pages.py: wrk -s report.lua ...
done = function(summary, latency, requests)
  local function ms(q) return latency:percentile(q) / 1000.0 end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    ms(50), ms(95), ms(99), latency.mean / 1000.0, latency.max / 1000.0))
end

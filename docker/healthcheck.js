// Docker HEALTHCHECK for the api container: GET http://127.0.0.1:$PORT/health must answer 2xx
// within 4 seconds (the api answers 503 when PostgreSQL or Redis is unreachable). Plain Node, because
// the slim image has neither curl nor wget.
'use strict';
const port = Number(process.env.PORT || 3000);
const controller = new AbortController();
const timer = setTimeout(() => controller.abort(), 4000);
fetch(`http://127.0.0.1:${port}/health`, { signal: controller.signal })
  .then((res) => {
    clearTimeout(timer);
    if (!res.ok) process.stderr.write(`health: HTTP ${res.status}\n`);
    process.exit(res.ok ? 0 : 1);
  })
  .catch((err) => {
    process.stderr.write(`health: ${err && err.message ? err.message : String(err)}\n`);
    process.exit(1);
  });

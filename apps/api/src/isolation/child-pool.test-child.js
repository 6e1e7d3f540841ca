// A child for child-pool.spec.ts: does what the job says, to exercise every way a child can end.
process.on('disconnect', () => process.exit(0));
process.once('message', ({ job }) => {
  if (job === 'echo' || job.echo !== undefined) return process.send({ result: { echo: job.echo, pid: process.pid } });
  if (job === 'heap') {
    const m = new Map();
    for (let i = 0; ; i++) m.set(i, new Array(10_000).fill(i)); // V8 heap out of memory: a fatal abort
  }
  if (job === 'buffers') {
    const keep = [];
    for (;;) keep.push(Buffer.alloc(32 * 2 ** 20, 1)); // outside the V8 heap: only the RSS cap stops it
  }
  if (job === 'hang') for (;;);
  if (job === 'exit') process.exit(3);
  if (job === 'slow') return setTimeout(() => process.send({ result: 'slow' }), 300);
});

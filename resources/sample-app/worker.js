// The sample's worker process: pretends to take jobs off a queue and logs each one, so the
// logs tab and the worker's terminal have something to show. No dependencies.
const dyno = process.env.DYNO || 'worker.?';
const INTERVAL_MS = 3000;
let job = 0;

function work() {
  job += 1;
  const ms = 40 + Math.floor(Math.random() * 160);
  console.log(`${dyno} processed job #${job} in ${ms} ms`);
}

const timer = setInterval(work, INTERVAL_MS);

// Before the first line: whoever sees "started" may stop the worker at once.
process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log(`${dyno} received SIGTERM after ${job} jobs, exiting`);
  process.exit(0);
});

console.log(`${dyno} started, taking a job every ${INTERVAL_MS / 1000} s`);

// Router worker entry: owns a RouterCore and answers the main thread's messages. All per-request work
// happens on this thread. An uncaught exception ends the worker on purpose: the handle restarts it.
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import { BindError } from './rebind.js';
import { RouterCore } from './router-core.js';

const port = parentPort;
if (!port) throw new Error('router worker must run in a worker thread');
// Log batches hand their memory over instead of copying it.
const post = (m: FromWorker): void => port.postMessage(m, m.t === 'logs' ? [m.bytes.buffer as ArrayBuffer, m.times.buffer as ArrayBuffer] : []);
const core = new RouterCore(workerData as WorkerInit, post);

core.start().then(
  (bound) => post({ t: 'ready', port: bound, tlsPort: core.tlsPort, tlsProblem: core.tlsProblem }),
  (e: NodeJS.ErrnoException) => post({ t: 'fatal', message: e.message, code: e.code ?? 'failed' }),
);

port.on('message', (m: ToWorker) => {
  const ack = (): void => post({ t: 'done', id: m.id });
  switch (m.t) {
    case 'table':
      core.setTable(m.apps).then(ack, ack);
      break;
    case 'drain':
      core.drain(m.app, m.dyno, m.timeoutMs).then(ack, ack);
      break;
    case 'stop':
      core.stop().then(ack, ack);
      break;
    case 'host':
      core.setHost(m.host).then(ack, (e: unknown) => post(e instanceof BindError
        ? { t: 'failed', id: m.id, message: e.message, code: e.code, port: e.port }
        : { t: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e), code: 'failed' }));
      break;
    case 'listening':
      core.listening().then((listening) => post({ t: 'listening', id: m.id, listening }), ack);
      break;
  }
});

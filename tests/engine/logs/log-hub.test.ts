import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLine } from '../../../shared/types.js';
import { LogHub } from '../../../electron/engine/logs/log-hub.js';
import { formatLogLine, herokuTime, stripAnsi } from '../../../electron/engine/logs/format.js';
import { waitFor } from '../../helpers/wait.js';

test('Heroku time format has microseconds and +00:00', () => {
  assert.equal(herokuTime(Date.UTC(2026, 10, 26, 10, 0, 0, 123) + 0.456), '2026-11-26T10:00:00.123456+00:00');
  assert.equal(formatLogLine({ time: 'T', source: 'app', dyno: 'web.1', text: 'hi' }), 'T app[web.1]: hi');
});

test('ANSI colour and cursor codes are removed', () => {
  assert.equal(stripAnsi('\x1b[31mred\x1b[0m \x1b]0;title\x07plain\x1b[2K'), 'red plain');
});

test('dyno output is split into lines, partial lines wait, CR and ANSI dropped', async () => {
  const batches: LogLine[][] = [];
  const hub = new LogHub((_app, lines) => batches.push(lines));
  hub.output('a', 'web.1', 'one\r\ntw');
  hub.output('a', 'web.1', 'o\n\x1b[32mthree\x1b[0m\n');
  hub.output('a', 'worker.1', 'w\n');
  assert.deepEqual(hub.tail('a', 10).map((l) => `${l.dyno}:${l.text}`), ['web.1:one', 'web.1:two', 'web.1:three', 'worker.1:w']);
  assert.deepEqual(hub.tail('a', 10, { dyno: 'web' }).map((l) => l.text), ['one', 'two', 'three']);
  assert.deepEqual(hub.tail('a', 2).map((l) => l.text), ['three', 'w']);
  await waitFor('a live batch', () => batches.length > 0);
  assert.equal(batches.flat().length, 4);
  hub.close();
});

test('the ring is bounded and a flood is summarised live', async () => {
  const batches: LogLine[][] = [];
  const hub = new LogHub((_app, lines) => batches.push(lines), 100);
  hub.output('a', 'web.1', Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n') + '\n');
  const tail = hub.tail('a', 1000);
  assert.equal(tail.length, 100);
  assert.equal(tail.at(-1)?.text, 'line 1999');
  hub.close();
  const live = batches.flat();
  assert.equal(live.length, 501);
  assert.match(live.at(-1)?.text ?? '', /^1500 lines not shown live/);
});

test('output without a final newline is emitted when a lifecycle line follows, not glued to the next run', () => {
  const hub = new LogHub(() => undefined);
  hub.output('a', 'web.1', 'fatal: no newline');
  hub.add('a', 'dynodesk', 'web.1', 'Process exited with status 1');
  hub.output('a', 'web.1', 'booting again\n');
  assert.deepEqual(hub.tail('a', 10).map((l) => `${l.source}:${l.text}`), [
    'app:fatal: no newline', 'dynodesk:Process exited with status 1', 'app:booting again',
  ]);
  assert.deepEqual(hub.lastLines('a', 'web.1', 3), ['fatal: no newline', 'Process exited with status 1', 'booting again']);
  hub.close();
});

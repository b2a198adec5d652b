import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynoRecordWriter, readDynoRecord, type RecordedProcess } from '../../../electron/engine/dynos/dyno-record.js';
import { tempDir } from './helpers/harness.js';

test('debounced atomic writes: a burst of changes becomes one file, no temp files left', async () => {
  const tmp = tempDir();
  try {
    let current: RecordedProcess[] = [];
    let collects = 0;
    const writer = new DynoRecordWriter(tmp.dir, () => { collects++; return current; }, 20);
    for (let i = 1; i <= 50; i++) {
      current = [{ pid: 1000 + i, startTime: String(i), app: 'a', dyno: 'web.1', root: true }];
      writer.markDirty();
    }
    await writer.flush();
    assert.equal(collects, 1);
    assert.deepEqual(await readDynoRecord(tmp.dir), current);
    assert.deepEqual(readdirSync(tmp.dir), ['dynos.json']);
    const raw = JSON.parse(readFileSync(join(tmp.dir, 'dynos.json'), 'utf8')) as { version: number; enginePid: number };
    assert.equal(raw.version, 1);
    assert.equal(raw.enginePid, process.pid);
    await writer.close();
  } finally {
    tmp.remove();
  }
});

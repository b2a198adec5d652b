import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonStore } from '../../../electron/engine/state/json-store.js';
import { writeFileAtomic, writeFileAtomicAsync } from '../../../electron/engine/state/atomic-file.js';
import { tempDir } from '../../helpers/tmp.js';

interface Doc { items: string[] }
const validate = (d: unknown): Doc => {
  if (typeof d !== 'object' || d === null || !Array.isArray((d as Doc).items)) throw new Error('items missing');
  return d as Doc;
};

test('saves atomically and loads back; no temp files left', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const store = new JsonStore(join(dir.path, 'state.json'), 1, validate, () => ({ items: [] }));
  assert.deepEqual(store.load(), { value: { items: [] }, problem: null });
  store.save({ items: ['a', 'b'] });
  assert.deepEqual(store.load().value, { items: ['a', 'b'] });
  assert.deepEqual(readdirSync(dir.path).filter((f) => f.endsWith('.tmp')), []);
});

test('a corrupt file is quarantined and the last good copy is loaded', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, 'state.json');
  const store = new JsonStore(path, 1, validate, () => ({ items: [] }));
  store.save({ items: ['good'] });
  assert.deepEqual(store.load().value, { items: ['good'] }); // proves it good: last-good copy made
  writeFileSync(path, '{"schema":1,"data":{"items":[');
  const loaded = store.load();
  assert.deepEqual(loaded.value, { items: ['good'] });
  assert.match(loaded.problem ?? '', /corrupt.*moved it to .*state\.json\.corrupt-.*last good copy/);
  const quarantined = readdirSync(dir.path).filter((f) => f.startsWith('state.json.corrupt-'));
  assert.equal(quarantined.length, 1);
  assert.equal(readFileSync(join(dir.path, quarantined[0] as string), 'utf8'), '{"schema":1,"data":{"items":[');
  assert.equal(existsSync(path), false);
});

test('the last-good copy follows every save, so a recovery loses at most the torn write', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, 'state.json');
  const store = new JsonStore(path, 1, validate, () => ({ items: [] }));
  store.save({ items: ['first'] });
  assert.deepEqual(store.load().value, { items: ['first'] });
  store.save({ items: ['first', 'second'] });
  store.save({ items: ['first', 'second', 'third'] });
  assert.equal(readFileSync(`${path}.last-good`, 'utf8'), readFileSync(path, 'utf8'), 'the copy equals what was written');
  writeFileSync(path, ''); // torn: truncated to nothing
  const loaded = store.load();
  assert.deepEqual(loaded.value, { items: ['first', 'second', 'third'] });
  assert.match(loaded.problem ?? '', /last good copy/);
  assert.deepEqual(readdirSync(dir.path).filter((f) => f.endsWith('.tmp')), []);
});

test('a wrong schema version or invalid shape counts as corrupt; with no backup the state is empty', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, 'state.json');
  writeFileSync(path, JSON.stringify({ schema: 99, data: { items: [] } }));
  const store = new JsonStore(path, 1, validate, () => ({ items: [] }));
  const loaded = store.load();
  assert.deepEqual(loaded.value, { items: [] });
  assert.match(loaded.problem ?? '', /unsupported schema version 99.*empty state/);
});

test('writeFileAtomic replaces content whole', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, 'f.txt');
  writeFileAtomic(path, 'one');
  writeFileAtomic(path, 'two');
  assert.equal(readFileSync(path, 'utf8'), 'two');
});

test('writeFileAtomicAsync replaces content whole and leaves no temp file, also when it fails', async (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, 'g.json');
  await writeFileAtomicAsync(path, 'one');
  await writeFileAtomicAsync(path, 'two');
  assert.equal(readFileSync(path, 'utf8'), 'two');
  await assert.rejects(writeFileAtomicAsync(join(dir.path, 'missing-folder', 'x.json'), 'x'));
  assert.deepEqual(readdirSync(dir.path), ['g.json']);
});

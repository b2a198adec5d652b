import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PREFERENCES, PreferencesStore } from '../../../electron/engine/state/preferences.js';
import { tempDir } from '../../helpers/tmp.js';

test('no file means defaults (LAN access off); saved values load back', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const store = new PreferencesStore(dir.path);
  assert.deepEqual(store.load(), { value: { lanAccess: false }, warning: null });
  store.save({ lanAccess: true });
  assert.deepEqual(store.load(), { value: { lanAccess: true }, warning: null });
  assert.deepEqual(DEFAULT_PREFERENCES, { lanAccess: false });
});

test('a file without lanAccess (an older or hand-written one) means off', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  writeFileSync(join(dir.path, 'preferences.json'), JSON.stringify({ schema: 1, data: {} }));
  assert.deepEqual(new PreferencesStore(dir.path).load(), { value: { lanAccess: false }, warning: null });
});

test('every kind of damage gives defaults, a warning, and a quarantined file', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const store = new PreferencesStore(dir.path);
  const cases: [string, RegExp][] = [
    ['not json', /Unexpected token|not valid JSON/],
    [JSON.stringify({ schema: 2, data: { lanAccess: true } }), /unsupported schema version 2/],
    [JSON.stringify({ schema: 1, data: [true] }), /preferences must be an object/],
    [JSON.stringify({ schema: 1, data: { lanAccess: 1 } }), /lanAccess must be true or false/],
  ];
  for (const [text, why] of cases) {
    store.save({ lanAccess: true });
    store.load(); // leaves a last-good copy that says "on"
    writeFileSync(store.path, text);
    const loaded = store.load();
    assert.deepEqual(loaded.value, { lanAccess: false }, text);
    assert.match(loaded.warning ?? '', why);
    assert.match(loaded.warning ?? '', /moved it to .*preferences\.json\.corrupt-.*LAN access is off until you turn it on again\.$/);
  }
  assert.ok(readdirSync(dir.path).filter((f) => f.startsWith('preferences.json.corrupt-')).length >= 1);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../../electron/engine/errors.js';
import { parseProcfile } from '../../../electron/engine/build/procfile.js';

function rejects(text: string, message: string | RegExp): void {
  assert.throws(() => parseProcfile(text), (err: unknown) => {
    assert.ok(err instanceof UserError, 'expected a UserError');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('parseProcfile', () => {
  it('reads process types in order, skipping blanks and comments, trimming commands', () => {
    const parsed = parseProcfile('# my app\n\nweb:   node server.js  \r\nworker: node worker.js\n  \n');
    assert.deepEqual(parsed, { processTypes: { web: 'node server.js', worker: 'node worker.js' }, releaseCommand: null });
    assert.deepEqual(Object.keys(parsed.processTypes), ['web', 'worker']);
  });

  it('keeps colons inside the command and accepts dashes, underscores and digits in names', () => {
    const parsed = parseProcfile('web: node -e "console.log(1)" --url http://a:b@c\nclock_2-x: ./clock\n');
    assert.equal(parsed.processTypes['web'], 'node -e "console.log(1)" --url http://a:b@c');
    assert.equal(parsed.processTypes['clock_2-x'], './clock');
  });

  it('takes release: out of the process types', () => {
    const parsed = parseProcfile('release: ./migrate\nweb: ./serve\n');
    assert.equal(parsed.releaseCommand, './migrate');
    assert.deepEqual(parsed.processTypes, { web: './serve' });
  });

  it('accepts an empty Procfile (no process types) and a BOM', () => {
    assert.deepEqual(parseProcfile(''), { processTypes: {}, releaseCommand: null });
    assert.deepEqual(parseProcfile('\uFEFFweb: x\n').processTypes, { web: 'x' });
  });

  it('rejects a line without a colon, naming the line and quoting it', () => {
    rejects('web: a\n# c\nworker node worker.js\n', 'Procfile line 3: expected `name: command`, got "worker node worker.js"');
  });

  it('rejects a line starting with a colon', () => {
    rejects(': node x', 'Procfile line 1: expected `name: command`, got ": node x"');
  });

  it('rejects invalid process type names', () => {
    rejects('web app: node x', /^Procfile line 1: invalid process type "web app"/);
    rejects('\nwéb: node x', /^Procfile line 2: invalid process type "wéb"/);
    rejects('web.1: node x', /^Procfile line 1: invalid process type "web.1"/);
  });

  it('rejects an empty command', () => {
    rejects('web: x\nworker:   \n', 'Procfile line 2: process type "worker" has no command');
  });

  it('rejects duplicate names, pointing at both lines', () => {
    rejects('web: a\nworker: b\nweb: c\n', 'Procfile line 3: duplicate process type "web" (already defined on line 1)');
    rejects('release: a\nrelease: b\n', 'Procfile line 2: duplicate process type "release" (already defined on line 1)');
  });

  it('shortens very long bad lines in the message', () => {
    rejects(`${'x'.repeat(500)}\n`, /^Procfile line 1: expected `name: command`, got "x{80}…"$/);
  });
});

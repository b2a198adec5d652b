import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../../electron/engine/errors.js';
import { parseAppJson } from '../../../electron/engine/build/app-json.js';

function rejects(text: string, message: string | RegExp): void {
  assert.throws(() => parseAppJson(text), (err: unknown) => {
    assert.ok(err instanceof UserError, 'expected a UserError');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('parseAppJson', () => {
  it('reads name, Heroku-form and plain-number formation, and every env form', () => {
    const parsed = parseAppJson(JSON.stringify({
      name: ' my-app ',
      description: 'ignored',
      addons: ['ignored'],
      scripts: { postdeploy: 'ignored' },
      formation: { web: { quantity: 2, size: 'standard-1x' }, worker: 0, clock: {} },
      env: {
        A: 'shorthand',
        B: { value: 'default', description: 'd', required: true },
        SECRET: { generator: 'secret' },
        C: { required: false },
      },
    }));
    assert.deepEqual(parsed, {
      name: 'my-app',
      formation: { web: 2, worker: 0, clock: 1 },
      env: {
        A: { value: 'shorthand' },
        B: { value: 'default', description: 'd', required: true },
        SECRET: { generator: 'secret' },
        C: { required: false },
      },
      addons: [{ service: 'ignored' }],
    });
  });

  it('treats missing sections as empty', () => {
    assert.deepEqual(parseAppJson('{}'), { name: null, formation: {}, env: {}, addons: [] });
  });

  it('reports invalid JSON with its line and column', () => {
    rejects('{\n  "name": "x",\n  }', /^app\.json: .+ at line 3 column 3$/);
    rejects('{\n  "env": {"A": "b",]\n}', 'app.json: Expected double-quoted property name at line 2 column 20');
    // V8 gives no position for this one: found by bisecting prefixes.
    rejects('{\n  "a": [1,\n  2,]\n}', "app.json: Unexpected token ']' at line 3 column 5");
    rejects('{"name": ', /^app\.json: unexpected end of file at line 1 column 10$/);
    rejects('', /^app\.json: unexpected end of file at line 1 column 1$/);
  });

  it('rejects a non-object root', () => {
    rejects('[]', 'app.json: expected a JSON object at the top level');
    rejects('"x"', 'app.json: expected a JSON object at the top level');
  });

  it('rejects a non-string name', () => {
    rejects('{"name": 3}', 'app.json: "name" must be a string');
  });

  it('rejects bad formations', () => {
    rejects('{"formation": []}', /^app\.json: "formation" must be an object/);
    rejects('{"formation": {"web app": 1}}', 'app.json: formation: invalid process type "web app"');
    rejects('{"formation": {"web": {"quantity": 1.5}}}', 'app.json: formation.web.quantity must be an integer from 0 to 100, got 1.5');
    rejects('{"formation": {"web": -1}}', 'app.json: formation.web.quantity must be an integer from 0 to 100, got -1');
    rejects('{"formation": {"web": 101}}', 'app.json: formation.web.quantity must be an integer from 0 to 100, got 101');
    rejects('{"formation": {"web": {"quantity": "2"}}}', 'app.json: formation.web.quantity must be an integer from 0 to 100, got "2"');
    rejects('{"formation": {"web": "2"}}', /^app\.json: formation\.web must be an object like \{"quantity": 1\} or a number$/);
  });

  it('rejects bad env entries', () => {
    rejects('{"env": []}', 'app.json: "env" must be an object');
    rejects('{"env": {"1X": "a"}}', /^app\.json: env: invalid config var name "1X"/);
    rejects('{"env": {"PORT": "5000"}}', /^app\.json: env: config var PORT is reserved/);
    rejects('{"env": {"A": 3}}', /^app\.json: env\.A must be a string or an object/);
    rejects('{"env": {"A": {"value": 3}}}', 'app.json: env.A.value must be a string');
    rejects('{"env": {"A": {"description": false}}}', 'app.json: env.A.description must be a string');
    rejects('{"env": {"A": {"required": "yes"}}}', 'app.json: env.A.required must be true or false');
    rejects('{"env": {"A": {"generator": "uuid"}}}', 'app.json: env.A.generator "uuid" is not supported (only "secret")');
  });
});

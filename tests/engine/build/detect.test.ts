import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detect, staticServerCommand } from '../../../electron/engine/build/index.js';
import { fixture, rejectsUser, tempApp } from './helpers.js';

describe('detect: fixtures', () => {
  it('app-node: node with its Procfile', async () => {
    const plan = await detect(fixture('app-node'));
    assert.equal(plan.dir, fixture('app-node'));
    assert.equal(plan.kind, 'node');
    assert.deepEqual(plan.processTypes, { web: 'node server.js', worker: 'node worker.js' });
    assert.equal(plan.releaseCommand, null);
    assert.deepEqual(plan.formation, {});
    assert.deepEqual(plan.appJsonEnv, {});
    assert.deepEqual(plan.dotenv, {});
    assert.equal(plan.suggestedName, null);
  });

  it('app-node-nofile: web is npm start', async () => {
    const plan = await detect(fixture('app-node-nofile'));
    assert.equal(plan.kind, 'node');
    assert.deepEqual(plan.processTypes, { web: 'npm start' });
  });

  it('app-python: web is python app.py', async () => {
    const plan = await detect(fixture('app-python'));
    assert.equal(plan.kind, 'python');
    assert.deepEqual(plan.processTypes, { web: 'python app.py' });
  });

  it('app-static: web is the built-in static server', async () => {
    const plan = await detect(fixture('app-static'));
    assert.equal(plan.kind, 'static');
    assert.deepEqual(plan.processTypes, { web: staticServerCommand(fixture('app-static')) });
    assert.match(plan.processTypes['web'] ?? '', /^node .*static-server\.mjs/);
  });

  it('app-release and app-release-fail: a release command, kind procfile', async () => {
    for (const name of ['app-release', 'app-release-fail']) {
      const plan = await detect(fixture(name));
      assert.equal(plan.kind, 'procfile');
      assert.equal(plan.releaseCommand, 'node release.cjs');
      assert.deepEqual(plan.processTypes, { web: 'node server.cjs' });
    }
  });

  it('app-appjson: name, formation and env from app.json', async () => {
    const plan = await detect(fixture('app-appjson'));
    assert.equal(plan.suggestedName, 'appjson-demo');
    assert.deepEqual(plan.formation, { web: 2, worker: 0 });
    assert.deepEqual(plan.appJsonEnv['GREETING'], { description: 'A default value', value: 'hello from app.json' });
    assert.deepEqual(plan.appJsonEnv['SHORTHAND'], { value: 'plain string value' });
    assert.equal(plan.appJsonEnv['SECRET_KEY_BASE']?.generator, 'secret');
    assert.equal(plan.appJsonEnv['REQUIRED_WITH_DEFAULT']?.required, true);
    assert.equal(plan.appJsonEnv['OPTIONAL_SETTING']?.required, false);
  });

  it('app-dotenv: .env values', async () => {
    const plan = await detect(fixture('app-dotenv'));
    assert.deepEqual(plan.dotenv, {
      GREETING: 'hello from .env',
      EXPORTED: 'yes',
      SINGLE: 'single $quoted # not a comment',
      DOUBLE: 'line1\nline2',
      EMPTY: '',
      URL: 'http://localhost/#frag',
    });
  });

  it('empty: nothing to run, listing what was looked for', async () => {
    await rejectsUser(detect(fixture('empty')),
      `Nothing to run in ${fixture('empty')}: looked for Procfile, package.json, requirements.txt, pyproject.toml, index.html`);
  });

  it('bad-procfile: names line 3', async () => {
    await rejectsUser(detect(fixture('bad-procfile')), 'Procfile line 3: expected `name: command`, got "worker node worker.cjs"');
  });
});

describe('detect: bad paths', () => {
  it('a missing path', async () => {
    const err = await rejectsUser(detect(fixture('does-not-exist')), `No such folder: ${fixture('does-not-exist')}`);
    assert.equal(err.code, 'not_found');
  });

  it('a file instead of a folder', async () => {
    const file = fixture('app-node/server.js');
    await rejectsUser(detect(file), `${file} is a file, not a folder: choose the app's project folder`);
  });

  it('a path below a file', async () => {
    await rejectsUser(detect(fixture('app-node/server.js/x')), /^No such folder: /);
  });

  it('an empty path', async () => {
    await rejectsUser(detect('  '), 'No folder given: pass the path of an app folder');
  });

  it('an unreadable folder', { skip: process.getuid?.() === 0 ? 'running as root: permissions are not enforced' : process.platform === 'win32' }, async () => {
    const app = await tempApp({ 'Procfile': 'web: x\n' });
    const { chmod } = await import('node:fs/promises');
    try {
      await chmod(app.dir, 0o000);
      await rejectsUser(detect(app.dir), `Cannot read ${app.dir}: permission denied`);
    } finally {
      await chmod(app.dir, 0o700);
      await app.cleanup();
    }
  });
});

describe('detect: rules', () => {
  async function withApp(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
    const app = await tempApp(files);
    try {
      await fn(app.dir);
    } finally {
      await app.cleanup();
    }
  }

  it('node wins over python and static; the Procfile decides the commands', () => {
    return withApp({ 'package.json': '{}', 'requirements.txt': '', 'index.html': '', Procfile: 'web: ./run\n' }, async (dir) => {
      const plan = await detect(dir);
      assert.equal(plan.kind, 'node');
      assert.deepEqual(plan.processTypes, { web: './run' });
    });
  });

  it('node: server.js without a start script still means npm start', () => {
    return withApp({ 'package.json': '{"name":"x"}', 'server.js': '' }, async (dir) => {
      assert.deepEqual((await detect(dir)).processTypes, { web: 'npm start' });
    });
  });

  it('node: no start script, no server.js, no Procfile', () => {
    return withApp({ 'package.json': '{"scripts":{"build":"tsc"}}' }, async (dir) => {
      await rejectsUser(detect(dir), /package\.json has no "start" script and there is no server\.js: add a start script or a Procfile/);
    });
  });

  it('node: a Procfile with only release: falls back to npm start', () => {
    return withApp({ 'package.json': '{"scripts":{"start":"node x"}}', Procfile: 'release: ./migrate\n' }, async (dir) => {
      const plan = await detect(dir);
      assert.deepEqual(plan.processTypes, { web: 'npm start' });
      assert.equal(plan.releaseCommand, './migrate');
    });
  });

  it('node: invalid package.json is reported with its position', () => {
    return withApp({ 'package.json': '{\n  "name": "x"\n  "version": "1"\n}', Procfile: 'web: x\n' }, async (dir) => {
      await rejectsUser(detect(dir), /^package\.json: .+ at line 3 column 3$/);
    });
  });

  it('python: pyproject.toml alone is python; without app.py or Procfile it asks for a Procfile', () => {
    return withApp({ 'pyproject.toml': '[project]\nname = "x"\n' }, async (dir) => {
      await rejectsUser(detect(dir), /no app\.py: add a Procfile/);
    });
  });

  it('a Procfile with index.html is run as is, not as a static site', () => {
    return withApp({ 'index.html': '<p>hi</p>', Procfile: 'web: ./serve\n' }, async (dir) => {
      assert.equal((await detect(dir)).kind, 'procfile');
    });
  });

  it('procfile: a Procfile with no process types', () => {
    return withApp({ Procfile: '# nothing\nrelease: ./x\n' }, async (dir) => {
      await rejectsUser(detect(dir), /defines no process types/);
    });
  });

  it('app.json formation must name existing process types', () => {
    return withApp({ Procfile: 'web: ./x\n', 'app.json': '{"formation": {"worker": {"quantity": 1}}}' }, async (dir) => {
      await rejectsUser(detect(dir), 'app.json: formation names process type "worker", but the app only has web');
    });
  });

  it('invalid app.json and .env fail detection', async () => {
    await withApp({ Procfile: 'web: ./x\n', 'app.json': '{\n  "name": \n}' }, async (dir) => {
      await rejectsUser(detect(dir), /^app\.json: .+ at line 3 column 1$/);
    });
    await withApp({ Procfile: 'web: ./x\n', '.env': 'A=1\nB\n' }, async (dir) => {
      await rejectsUser(detect(dir), '.env line 2: expected KEY=VALUE, got "B"');
    });
  });

  it('a Procfile that is a folder', () => {
    return withApp({ 'Procfile/x': '', 'index.html': '' }, async (dir) => {
      await rejectsUser(detect(dir), 'Procfile is a folder, expected a file');
    });
  });

  it('resolves relative paths', async () => {
    const plan = await detect('tests/fixtures/app-node');
    assert.equal(plan.dir, fixture('app-node'));
  });
});

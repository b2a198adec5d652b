// Python version requests (runtime.txt, .python-version), interpreter discovery in a fake pyenv /
// uv / PATH tree, and the choice and messages Heroku users expect.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findPythonInterpreters } from '../../../../electron/engine/build/runtime/python-interpreters.js';
import { choosePythonInterpreter } from '../../../../electron/engine/build/runtime/python-runtime.js';
import {
  choosePython, missingPythonMessage, parsePythonVersionFile, parseRuntimeTxt, readPythonRequest, type PythonInterpreter, type PythonRequest,
} from '../../../../electron/engine/build/runtime/python-version.js';
import { rejectsUser, tempApp } from '../helpers.js';

const req = (text: string): PythonRequest => {
  const parsed = parsePythonVersionFile(text);
  assert.notEqual(parsed, 'system');
  return parsed as PythonRequest;
};

describe('python version: reading the request', () => {
  it('runtime.txt takes python-X.Y.Z or python-X.Y', () => {
    assert.deepEqual(parseRuntimeTxt('python-3.11.7\n'), { file: 'runtime.txt', text: '3.11.7', major: 3, minor: 11, patch: 7 });
    assert.deepEqual(parseRuntimeTxt('\uFEFF  python-3.12 \r\n'), { file: 'runtime.txt', text: '3.12', major: 3, minor: 12, patch: null });
    assert.throws(() => parseRuntimeTxt('3.11.7'), /runtime\.txt: expected a line like python-3\.12\.4, found "3\.11\.7"/);
    assert.throws(() => parseRuntimeTxt('pypy3.10-7.3.12'), /runtime\.txt: expected/);
    assert.throws(() => parseRuntimeTxt(''), /found ""/);
  });

  it('.python-version takes X.Y or X.Y.Z (first line, comments skipped) or "system"', () => {
    assert.deepEqual(req('3.11\n'), { file: '.python-version', text: '3.11', major: 3, minor: 11, patch: null });
    assert.deepEqual(req('# pinned for prod\n\n3.12.4\n3.11\n'), { file: '.python-version', text: '3.12.4', major: 3, minor: 12, patch: 4 });
    assert.equal(parsePythonVersionFile('system\n'), 'system');
    assert.throws(() => parsePythonVersionFile('pypy3.10-7.3.12'), /\.python-version: expected a CPython version like 3\.12 or 3\.12\.4, found "pypy3\.10-7\.3\.12"/);
    assert.throws(() => parsePythonVersionFile('python-3.11'), /\.python-version: expected/);
  });

  it('runtime.txt wins over .python-version, as on Heroku; neither means no request', async () => {
    const both = await tempApp({ 'runtime.txt': 'python-3.10.2\n', '.python-version': '3.12\n' });
    const none = await tempApp({ 'app.py': '' });
    try {
      assert.equal((await readPythonRequest(both.dir) as PythonRequest).text, '3.10.2');
      assert.equal(await readPythonRequest(none.dir), null);
    } finally {
      await both.cleanup();
      await none.cleanup();
    }
  });
});

describe('python version: choosing an interpreter', () => {
  const found: PythonInterpreter[] = [
    { path: '/pyenv/3.11.4/bin/python3', version: '3.11.4', source: 'pyenv' },
    { path: '/uv/cpython-3.11.9/bin/python3', version: '3.11.9', source: 'uv' },
    { path: '/usr/bin/python3.11', version: '3.11.9', source: 'PATH' },
    { path: '/usr/bin/python3.12', version: '3.12.1', source: 'PATH' },
  ];

  it('X.Y means the newest X.Y.Z installed (the first found on a tie); X.Y.Z means exactly that', () => {
    assert.equal(choosePython(req('3.11'), found)?.path, '/uv/cpython-3.11.9/bin/python3');
    assert.equal(choosePython(req('3.11.4'), found)?.path, '/pyenv/3.11.4/bin/python3');
    assert.equal(choosePython(req('3.12'), found)?.version, '3.12.1');
    assert.equal(choosePython(req('3.11.5'), found), null);
    assert.equal(choosePython(req('3.1'), found), null, '3.1 is not 3.11');
  });

  it('says what is installed and how to get the version asked for', () => {
    assert.equal(missingPythonMessage(parseRuntimeTxt('python-3.2.1'), found, 'linux'),
      'runtime.txt asks for Python 3.2.1, which is not installed (installed: 3.12.1, 3.11.9, 3.11.4). Install it with `pyenv install 3.2.1` or `uv python install 3.2.1`, or your distribution\'s package (e.g. `apt install python3.2`), then deploy again.');
    assert.equal(missingPythonMessage(req('3.11.5'), found, 'darwin'),
      '.python-version asks for Python 3.11.5, but only 3.11.9, 3.11.4 are installed. Install it with `pyenv install 3.11.5` or `uv python install 3.11.5`, or write 3.11 in .python-version to use the newest 3.11.x installed.');
    assert.match(missingPythonMessage(parseRuntimeTxt('python-3.11.5'), found, 'linux'), /or write python-3\.11 in runtime\.txt/);
    assert.match(missingPythonMessage(req('3.13'), [], 'darwin'), /which is not installed \(no Python interpreter was found\)\. .*`brew install python@3\.13`/);
  });
});

describe('python version: interpreters on this machine', { skip: process.platform === 'win32' ? 'fake interpreters are shell scripts' : false }, () => {
  let root = '';
  let env: Record<string, string> = {};
  /** A fake interpreter at `path` that answers --version like CPython (Python 2 answered on stderr). */
  const fake = async (path: string, version: string, stream: 'out' | 'err' = 'out'): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `#!/bin/sh\necho "Python ${version}"${stream === 'err' ? ' >&2' : ''}\n`);
    await chmod(path, 0o755);
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dynodesk-pythons-'));
    await fake(join(root, 'pyenv', 'versions', '3.11.4', 'bin', 'python3'), '3.11.4');
    await fake(join(root, 'pyenv', 'versions', '3.12.1', 'bin', 'python3'), '3.12.1');
    await fake(join(root, 'pyenv', 'versions', '2.7.18', 'bin', 'python'), '2.7.18', 'err');
    await mkdir(join(root, 'pyenv', 'versions', 'broken', 'bin'), { recursive: true });
    await fake(join(root, 'uv', 'cpython-3.11.9-linux-x86_64-gnu', 'bin', 'python3'), '3.11.9');
    await fake(join(root, 'bin', 'python3.10'), '3.10.12');
    await fake(join(root, 'bin', 'python3'), '3.10.12');
    // A shim answers for whatever folder it is run in: never a candidate.
    await fake(join(root, 'shims', 'python3.11'), '3.11.99');
    env = {
      // Only the fake tree: this machine's own Pythons stay out of the answers.
      PATH: [join(root, 'shims'), join(root, 'bin')].join(delimiter),
      HOME: join(root, 'home'),
      PYENV_ROOT: join(root, 'pyenv'),
      UV_PYTHON_INSTALL_DIR: join(root, 'uv'),
    };
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds pyenv versions, uv pythons and python3.X on PATH, skipping shims', async () => {
    const found = await findPythonInterpreters({ env });
    assert.deepEqual(found.map((f) => [f.path.slice(root.length + 1), f.version, f.source]), [
      ['pyenv/versions/2.7.18/bin/python', '2.7.18', 'pyenv'],
      ['pyenv/versions/3.11.4/bin/python3', '3.11.4', 'pyenv'],
      ['pyenv/versions/3.12.1/bin/python3', '3.12.1', 'pyenv'],
      ['uv/cpython-3.11.9-linux-x86_64-gnu/bin/python3', '3.11.9', 'uv'],
      ['bin/python3', '3.10.12', 'PATH'],
      ['bin/python3.10', '3.10.12', 'PATH'],
    ]);
  });

  it('uses the newest matching interpreter and names it in the build log', async () => {
    const app = await tempApp({ '.python-version': '3.11\n', 'app.py': '' });
    try {
      const lines: string[] = [];
      const python = await choosePythonInterpreter({ dir: app.dir, env, onLine: (l) => lines.push(l) });
      assert.equal(python, join(root, 'uv', 'cpython-3.11.9-linux-x86_64-gnu', 'bin', 'python3'));
      assert.deepEqual(lines, [`-----> Using Python 3.11.9 (.python-version: 3.11), uv: ${python}`]);
    } finally {
      await app.cleanup();
    }
  });

  it('fails naming the version and how to install it', async () => {
    const app = await tempApp({ 'runtime.txt': 'python-3.2.1\n', 'app.py': '' });
    try {
      const err = await rejectsUser(choosePythonInterpreter({ dir: app.dir, env, onLine: () => undefined }),
        /^runtime\.txt asks for Python 3\.2\.1, which is not installed \(installed: 3\.12\.1, 3\.11\.9, 3\.11\.4, 3\.10\.12, 2\.7\.18\)\. Install it with `pyenv install 3\.2\.1` or `uv python install 3\.2\.1`/);
      assert.equal(err.code, 'failed');
    } finally {
      await app.cleanup();
    }
  });

  it('without a request, uses python3 from PATH and says so', async () => {
    const app = await tempApp({ 'app.py': '' });
    try {
      const lines: string[] = [];
      const python = await choosePythonInterpreter({ dir: app.dir, env: { ...env, PATH: join(root, 'bin') }, onLine: (l) => lines.push(l) });
      assert.equal(python, join(root, 'bin', 'python3'));
      assert.deepEqual(lines, [`-----> Using Python 3.10.12 (${python}): no .python-version or runtime.txt`]);
    } finally {
      await app.cleanup();
    }
  });
});

// env, shell, ports, listening-port parsing, lifecycle wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDynoEnv } from '../../../electron/engine/dynos/env.js';
import { isEngineVariable } from '../../../electron/engine/private-variables.js';
import { bootTimeoutHint, parseListeningSockets } from '../../../electron/engine/dynos/listening-ports.js';
import { lifecycleText } from '../../../electron/engine/dynos/lifecycle-text.js';
import { PortAllocator } from '../../../electron/engine/dynos/port-allocator.js';
import { isSimpleCommand, shellInvocation } from '../../../electron/engine/platform-shell.js';

test('dyno env: release env + PORT/DYNO/PS, engine variables removed', () => {
  const env = buildDynoEnv({
    A: '1', PORT: '1', DYNO: 'x', ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1', NODE_OPTIONS: '-r x',
    DYNODESK_TOKEN: 't', DYNODESK_CONTROL_PIPE: 'p', DYNODESK_HOME: '/engine', npm_lifecycle_event: 'start', DYNODESK_APP: 'keep',
  }, { name: 'web.3', port: 5000 });
  assert.deepEqual(env, { A: '1', PORT: '5000', DYNO: 'web.3', PS: 'web.3', DYNODESK_APP: 'keep' });
  assert.equal(buildDynoEnv({ PORT: '9' }, { name: 'run.1', port: null }).PORT, undefined);
  assert.equal(isEngineVariable('ELECTRONISH'), false);
});

test('commands run through the platform shell', () => {
  assert.deepEqual(shellInvocation('npm start', { execSimple: true }, 'linux'), { file: '/bin/sh', args: ['-c', 'exec npm start'], windowsVerbatimArguments: false });
  assert.deepEqual(shellInvocation('npm start', {}, 'linux').args, ['-c', 'npm start']);
  assert.deepEqual(shellInvocation('npm start', { execSimple: true }, 'win32'), { file: 'cmd.exe', args: ['/d', '/s', '/c', '"npm start"'], windowsVerbatimArguments: true });
});

test('ports are fresh and not handed out twice in a row', async () => {
  const ports = new PortAllocator();
  const got = await Promise.all(Array.from({ length: 20 }, () => ports.allocate()));
  assert.equal(new Set(got).size, 20);
  for (const p of got) assert.ok(p > 0 && p < 65536);
});

test('parses LISTEN sockets from /proc/net/tcp', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:270F 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 23456 1 0000000000000000 20 4 30 10 -1',
  ].join('\n');
  assert.deepEqual([...parseListeningSockets(text)], [['12345', 9999]]);
  assert.match(bootTimeoutHint([9999], 5000), /listening on port 9999 instead of \$PORT \(5000\)/);
  assert.match(bootTimeoutHint([], 5000), /must listen on the port in the PORT environment variable \(5000\)/);
});

test('lifecycle lines use Heroku wording', () => {
  assert.equal(lifecycleText.starting('npm start'), 'Starting process with command `npm start`');
  assert.equal(lifecycleText.bootTimeout(60_000), 'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch');
  assert.equal(lifecycleText.memory(600 * 1024 * 1024, 512), 'Process running mem=600M(117.2%)');
  assert.equal(lifecycleText.exitTimeout(10_000), 'Error R12 (Exit timeout) -> At least one process failed to exit within 10 seconds of SIGTERM');
});

test('only simple commands are exec\'d; shell syntax is left to the shell', () => {
  for (const cmd of ['node server.js', 'npm start', 'bundle exec puma -p $PORT', 'node x > out.log']) assert.equal(isSimpleCommand(cmd), true, cmd);
  for (const cmd of ['exit 7', 'cd web && node x', 'a; b', 'a | b', 'FOO=1 node x', 'echo $(date)', 'x &']) assert.equal(isSimpleCommand(cmd), false, cmd);
  assert.deepEqual(shellInvocation('node a.js', { execSimple: true }, 'linux').args, ['-c', 'exec node a.js']);
  assert.deepEqual(shellInvocation('cd a && node b', { execSimple: true }, 'linux').args, ['-c', 'cd a && node b']);
});

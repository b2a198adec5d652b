import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { lanIPv4Addresses } from '../../../electron/engine/lan/lan-addresses.js';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo => (
  family === 'IPv4'
    ? { address, family, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }
    : { address, family, internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 });

test('non-internal IPv4 only, private ranges first, link-local last, no duplicates', () => {
  const got = lanIPv4Addresses({
    lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
    eth0: [iface('203.0.113.7', 'IPv4'), iface('fe80::1', 'IPv6')],
    wlan0: [iface('192.168.1.20', 'IPv4'), iface('169.254.3.4', 'IPv4')],
    docker0: [iface('172.17.0.1', 'IPv4'), iface('10.0.0.2', 'IPv4')],
    dup: [iface('192.168.1.20', 'IPv4')],
  });
  assert.deepEqual(got, ['10.0.0.2', '172.17.0.1', '192.168.1.20', '203.0.113.7', '169.254.3.4']);
});

test('Node 18.0–18.3 numeric family is understood; nothing found is an empty list', () => {
  const legacy = { ...iface('192.168.5.5', 'IPv4'), family: 4 } as unknown as NetworkInterfaceInfo;
  assert.deepEqual(lanIPv4Addresses({ eth0: [legacy] }), ['192.168.5.5']);
  assert.deepEqual(lanIPv4Addresses({ lo: [iface('127.0.0.1', 'IPv4', true)] }), []);
  assert.deepEqual(lanIPv4Addresses({}), []);
});

test('the real machine: every address is a dotted IPv4 that is not loopback', () => {
  for (const a of lanIPv4Addresses()) {
    assert.match(a, /^\d+\.\d+\.\d+\.\d+$/);
    assert.ok(!a.startsWith('127.'));
  }
});

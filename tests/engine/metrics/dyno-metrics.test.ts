// CPU and memory of real dyno process trees land in DynoDTO; over quota logs R14.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRelease, lines, startSupervisor, waitFor } from '../dynos/helpers/harness.js';

const t = startSupervisor({ sampleIntervalMs: 60_000 }); // sampled on demand below
after(() => t.close());

test('metrics numbers are present for running dynos, and R14 is logged over quota', { skip: process.platform === 'win32' && 'no sampling on Windows' }, async () => {
  await t.sup.apply('metered', fixtureRelease('dyno-web', 1, {}, 1), { web: 1 });
  await t.sup.settled('metered', 20_000);
  assert.equal(t.sup.list('metered')[0]?.memoryBytes, null, 'unknown before the first sample');
  await t.sup.sampleMetrics();
  const first = t.sup.list('metered')[0];
  assert.ok((first?.memoryBytes ?? 0) > 5 * 1024 * 1024, `rss ${first?.memoryBytes}`);
  assert.equal(first?.cpuPercent, null, 'CPU% needs two samples');
  const second = await waitFor('a CPU figure', async () => {
    await t.sup.sampleMetrics();
    const d = t.sup.list('metered')[0];
    return typeof d?.cpuPercent === 'number' ? d : null;
  });
  assert.equal(typeof second?.cpuPercent, 'number');
  assert.ok((second?.cpuPercent ?? -1) >= 0);
  const text = await waitFor('R14', () => { const l = lines(t.rec, 'web.1'); return l.includes('Error R14 (Memory quota exceeded)') ? l : null; });
  assert.ok(text.some((l) => /^Process running mem=\d+M\(\d+\.\d%\)$/.test(l)), text.join('\n'));
  // R14 repeats at most every 20 s, not on every sample.
  await t.sup.sampleMetrics();
  assert.equal(lines(t.rec, 'web.1').filter((l) => l.startsWith('Error R14')).length, 1);
});

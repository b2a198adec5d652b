// Renders resources/icon.svg to the PNG sizes electron-builder needs (Linux takes the
// resources/icons/NxN.png set; macOS .icns and Windows .ico are made from icon.png at build time).
// Uses Debian's Chromium through playwright-core, so nothing is downloaded.
// Usage: node resources/generate-icons.mjs [path-to-chromium]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  mkdirSync(join(here, 'icons'), { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.waitForFunction(() => document.images[0]?.complete === true);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(join(here, 'icons', `${size}x${size}.png`), png);
    if (size === 1024) writeFileSync(join(here, 'icon.png'), png);
  }
  console.log(`wrote ${SIZES.length} PNGs to resources/icons/ and resources/icon.png`);
} finally {
  await browser.close();
}

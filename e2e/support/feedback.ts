// Click → visible feedback latency, measured inside the page: from the pointerdown event's timestamp
// to the first animation frame after the target element is visible (i.e. the frame that shows it).
// The in-page part is a string: this file compiles against Node types, not the DOM.
import type { Locator, Page } from 'playwright-core';

const ARM = `(sel) => {
  window.__dynodeskFeedback = new Promise((resolve) => {
    document.addEventListener('pointerdown', (e) => {
      const t0 = e.timeStamp;
      const visible = () => {
        const el = document.querySelector(sel);
        return el !== null && el.closest('[hidden]') === null && el.getBoundingClientRect().height > 0;
      };
      const check = () => {
        if (visible()) requestAnimationFrame(() => resolve(performance.now() - t0));
        else requestAnimationFrame(check);
      };
      check();
    }, { once: true, capture: true });
  });
}`;

export async function measureClickFeedback(page: Page, target: Locator, visibleSelector: string): Promise<number> {
  await page.evaluate(`(${ARM})(${JSON.stringify(visibleSelector)})`);
  await target.click();
  return Number(await page.evaluate('window.__dynodeskFeedback'));
}

// Drives the web page in headless Chromium up to the point of sending: picks a clip and a photo with the file picker,
// drops a second video on the drop zone, and reads what the page made of them (no worker is needed, nothing is sent).
// Prints ONE JSON line; the xunit test (BrowserVideoPickerTests) asserts on it.
// Usage: node video-picker.spec.mjs <baseUrl> <screenshotDir> <clip> <photo>
// Env: CARTOON_NODE_MODULES (folder holding playwright-core), CARTOON_CHROMIUM (browser binary).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, outDir, clip, photo] = process.argv.slice(2);
const require = createRequire(join(process.env.CARTOON_NODE_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CARTOON_CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const consoleErrors = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');

  const accept = await page.getAttribute('#file-input', 'accept');
  const formats = await page.$$eval('#format optgroup', (groups) => Object.fromEntries(groups.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)])));

  await page.setInputFiles('#file-input', [clip, photo]);
  // A video dropped on the drop zone (its bytes are no video: only the picking is under test, the preview may fail).
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0])], 'dropped.webm', { type: 'video/webm' }));
    document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  // The picked clip's original plays from its object URL: wait until the browser has read its frame size.
  await page.waitForFunction(() => {
    const v = document.querySelector('.card[data-name="clip.webm"] .before video');
    return v !== null && v.readyState >= 1;
  }, null, { timeout: 20_000 });

  const cards = await page.$$eval('#gallery .card', (list) => list.map((c) => {
    const original = c.querySelector('.before video, .before img');
    const message = c.querySelector('.card-message');
    return {
      name: c.dataset.name,
      kind: c.dataset.kind,
      status: c.dataset.status,
      message: message && !message.hidden ? message.textContent : null,
      original: original ? {
        tag: original.tagName.toLowerCase(),
        scheme: new URL(original.src).protocol,
        width: original.videoWidth ?? original.naturalWidth,
        height: original.videoHeight ?? original.naturalHeight,
      } : null,
    };
  }));
  const submit = await page.$eval('#submit', (b) => ({ disabled: b.disabled, text: b.textContent }));
  await page.screenshot({ path: join(outDir, 'web-ui-video-picker.png'), fullPage: true });

  console.log(JSON.stringify({ accept, formats, cards, submit, consoleErrors }));
} finally {
  await browser.close();
}

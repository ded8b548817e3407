// Drives the web page in headless Chromium through a whole video job against the embedded gateway: picks a clip, asks
// WebM (VP9, which every Chromium plays), submits, samples the card's frame progress while it runs, and waits for the
// cartoon to play beside the original. Prints ONE JSON line; the xunit test (BrowserVideoConvertTests) asserts on it.
// Usage: node video-convert.spec.mjs <baseUrl> <screenshotDir> <clip>
// Env: CARTOON_NODE_MODULES (folder holding playwright-core), CARTOON_CHROMIUM (browser binary).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const [baseUrl, outDir, clip] = process.argv.slice(2);
const require = createRequire(join(process.env.CARTOON_NODE_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');
mkdirSync(outDir, { recursive: true });
const name = basename(clip);

const browser = await chromium.launch({
  executablePath: process.env.CARTOON_CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
const consoleErrors = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');

  await page.setInputFiles('#file-input', [clip]);
  await page.selectOption('#format', 'webm');
  await page.click('#submit');

  // What the card says while the frames go through (its detail line and its frames done), until the job ends.
  const details = [];
  const framesDone = [];
  const deadline = Date.now() + 180_000;
  let jobStatus = null;
  while (Date.now() < deadline) {
    const snap = await page.evaluate((n) => {
      const card = document.querySelector(`#gallery .card[data-name="${n}"]`);
      return {
        job: document.getElementById('batch').dataset.jobStatus ?? null,
        detail: card?.querySelector('.card-detail')?.textContent ?? null,
        framesDone: card?.dataset.framesDone ?? null,
      };
    }, name);
    if (snap.detail && details.at(-1) !== snap.detail) details.push(snap.detail);
    if (snap.framesDone && framesDone.at(-1) !== snap.framesDone) framesDone.push(snap.framesDone);
    jobStatus = snap.job;
    if (['succeeded', 'failed', 'canceled'].includes(jobStatus)) break;
    await page.waitForTimeout(100);
  }

  // The cartoon plays: its element has read the stream's size and duration.
  await page.waitForFunction((n) => {
    const v = document.querySelector(`#gallery .card[data-name="${n}"] video.result`);
    return v !== null && v.readyState >= 1 && v.videoWidth > 0;
  }, name, { timeout: 30_000 });
  const card = await page.$eval(`#gallery .card[data-name="${name}"]`, (c) => {
    const describe = (v) => v ? { tag: v.tagName.toLowerCase(), scheme: new URL(v.src).protocol, width: v.videoWidth, height: v.videoHeight, duration: v.duration } : null;
    return {
      status: c.dataset.status,
      kind: c.dataset.kind,
      framesDone: c.dataset.framesDone ?? null,
      framesTotal: c.dataset.framesTotal ?? null,
      original: describe(c.querySelector('.before video')),
      result: describe(c.querySelector('.after video.result')),
    };
  });
  const batchPercent = Number(await page.getAttribute('#batch-progress', 'aria-valuenow'));
  await page.waitForTimeout(500); // the bar's width transition
  await page.screenshot({ path: join(outDir, 'web-ui-video.png'), fullPage: true });

  console.log(JSON.stringify({ jobStatus, batchPercent, card, details, framesDone, consoleErrors }));
} finally {
  await browser.close();
}

// Drives the web page in headless Chromium: upload the given files, pick a style and an output size, submit, wait
// for the batch to finish, download the zip, take desktop and phone screenshots. Prints ONE JSON line with what the
// page showed; the xunit test (BrowserConvertTests) asserts on it.
// Usage: node convert.spec.mjs <baseUrl> <screenshotDir> <style> <maxSide> <file>...
// Env: CARTOON_NODE_MODULES (folder holding playwright-core), CARTOON_CHROMIUM (browser binary), CARTOON_UI_API_KEY
// (optional: entered in the page's settings first, so every API call must carry it as X-Api-Key), CARTOON_UI_IMAGE_URL
// (optional: a photo added by its address).
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, outDir, style, maxSide, ...files] = process.argv.slice(2);
const require = createRequire(join(process.env.CARTOON_NODE_MODULES, 'noop.js'));
const { chromium } = require('playwright-core');

const FINISH_TIMEOUT_MS = 240_000;
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CARTOON_CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const consoleErrors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const apiKey = process.env.CARTOON_UI_API_KEY;
  let keyEntered = false;
  // With a key-protected gateway the page's first call (/v1/styles) answers 401 before the key is entered; Chromium
  // logs that as a console error. Every other console error counts.
  page.on('console', (m) => m.type() === 'error' && !(apiKey && !keyEntered && m.text().includes('401')) && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  const apiRequests = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/v1/')) apiRequests.push({ path: new URL(r.url()).pathname, key: r.headers()['x-api-key'] ?? null });
  });

  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');
  let keyPrompt = null;
  if (apiKey) {
    // The gateway requires a key: the page says so and opens its settings at the key field.
    keyPrompt = await page.textContent('#form-error');
    if (!(await page.$eval('#settings', (d) => d.open))) await page.click('#settings summary');
    await page.fill('#api-key', apiKey);
    await page.press('#api-key', 'Tab'); // "change" stores it
    keyEntered = true;
    await page.click('#settings summary');
  }
  const styleCount = await page.locator('#style-grid input[type=radio]').count();
  const styleExamplesLoaded = await page.$$eval('#style-grid img', (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);

  await page.setInputFiles('#file-input', files);
  // A photo by address, added with Enter: the gateway fetches it or says on its card why it would not.
  if (process.env.CARTOON_UI_IMAGE_URL) {
    await page.fill('#image-url', process.env.CARTOON_UI_IMAGE_URL);
    await page.press('#image-url', 'Enter');
  }
  await page.locator(`label[for="style-${style}"]`).click();
  await page.selectOption('#max-side', maxSide);
  // Every stage each card shows, in order: attribute records keep the old values, so stages applied in one task
  // (several events in one chunk of the stream) are all seen.
  await page.evaluate(() => {
    window.cartoonStages = {};
    new MutationObserver((records) => {
      for (const r of records) {
        const list = (window.cartoonStages[r.target.dataset.name] ??= []);
        if (r.oldValue !== null && list.at(-1) !== r.oldValue) list.push(r.oldValue);
      }
    }).observe(document.getElementById('gallery'), { attributes: true, attributeFilter: ['data-stage'], attributeOldValue: true, subtree: true });
  });
  await page.click('#submit');

  // Sample what the page shows while the batch runs (statuses seen, progress values), until it is finished.
  const seenStatuses = new Set();
  const progressSeen = [];
  const deadline = Date.now() + FINISH_TIMEOUT_MS;
  let jobStatus = null;
  while (Date.now() < deadline) {
    const snap = await page.evaluate(() => ({
      job: document.getElementById('batch').dataset.jobStatus ?? null,
      percent: Number(document.getElementById('batch-progress').getAttribute('aria-valuenow')),
      cards: [...document.querySelectorAll('#gallery .card')].map((c) => c.dataset.status),
    }));
    snap.cards.forEach((s) => seenStatuses.add(s));
    if (progressSeen.at(-1) !== snap.percent) progressSeen.push(snap.percent);
    jobStatus = snap.job;
    if (['succeeded', 'failed', 'canceled'].includes(jobStatus)) break;
    await page.waitForTimeout(150);
  }

  // Results render once their bytes arrive: every succeeded card must have its result image, loaded (a card whose
  // result is still being fetched has no img.result yet, so waiting on the existing images alone raced it).
  await page.waitForFunction(() => [...document.querySelectorAll('#gallery .card[data-status="succeeded"]')].every((c) => {
    const i = c.querySelector('img.result');
    return i !== null && i.complete && i.naturalWidth > 0;
  }), null, { timeout: 30_000 });

  const cards = await page.$$eval('#gallery .card', (list) => list.map((c) => {
    const before = c.querySelector('.before img');
    const result = c.querySelector('img.result');
    const message = c.querySelector('.card-message');
    const warnings = c.querySelector('.card-warnings');
    return {
      name: c.dataset.name,
      status: c.dataset.status,
      badge: c.querySelector('.badge').textContent,
      message: message && !message.hidden ? message.textContent : null,
      warnings: warnings && !warnings.hidden ? [...warnings.querySelectorAll('li')].map((w) => ({ code: w.dataset.code, text: w.textContent })) : [],
      progress: Number(c.querySelector('[role=progressbar]').getAttribute('aria-valuenow')),
      input: before && before.naturalWidth ? { width: before.naturalWidth, height: before.naturalHeight } : null,
      result: result ? { width: result.naturalWidth, height: result.naturalHeight, scheme: new URL(result.src).protocol } : null,
    };
  }));
  const stages = await page.$$eval('#gallery .card', (list) => Object.fromEntries(list.map((c) => {
    const seen = [...(window.cartoonStages[c.dataset.name] ?? [])];
    if (c.dataset.stage && seen.at(-1) !== c.dataset.stage) seen.push(c.dataset.stage);
    return [c.dataset.name, seen];
  })));
  const follow = await page.getAttribute('#batch', 'data-follow');
  const percent = Number(await page.getAttribute('#batch-progress', 'aria-valuenow'));
  const summary = await page.textContent('#batch-summary');

  // "Download all" fetches the zip; read its central directory for the entry names.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
  const zip = readFileSync(await download.path());
  const zipEntries = [];
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip.readUInt32LE(i) !== 0x06054b50) continue; // end of central directory
    let at = zip.readUInt32LE(i + 16);
    for (let n = zip.readUInt16LE(i + 10); n > 0; n--) {
      const nameLength = zip.readUInt16LE(at + 28);
      zipEntries.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    break;
  }

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800); // let the last progress bar transitions end
  await page.screenshot({ path: join(outDir, 'web-ui-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, 'web-ui-phone.png'), fullPage: true });

  console.log(JSON.stringify({
    jobStatus, percent, summary, progressSeen, seenStatuses: [...seenStatuses], styleCount, styleExamplesLoaded, cards, stages, follow,
    streams: apiRequests.filter((r) => r.path.endsWith('/events')).length,
    keyPrompt, zip: { fileName: download.suggestedFilename(), entries: zipEntries }, consoleErrors,
    apiRequests: apiRequests.length, apiRequestsAfterKey: apiRequests.filter((r) => r.path !== '/v1/styles').map((r) => r.key),
  }));
} finally {
  await browser.close();
}

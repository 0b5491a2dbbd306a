// dashboard.mjs -- the dashboard in a real browser (Debian's chromium through playwright-core):
// load the page, see the timeline and the network draw, pick a dyad, open an event and see its
// evidence and explanation, paste text and see its events.  Prints "ok NAME" / "FAIL NAME: why"
// lines for tests/run.sh, "info NAME: value" lines for figures, and saves screenshots.
//
//   node tests/web/dashboard.mjs URL ARTIFACT_DIR
//
// playwright-core comes from web/node_modules (the dashboard's dev dependencies).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(top, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const [url, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
let failed = 0;
const ok = (name) => console.log(`ok ${name}`);
const fail = (name, why) => { failed++; console.log(`FAIL ${name}: ${String(why).split('\n')[0]}`); };
async function check(name, fn) {
  try {
    const r = await fn();
    if (r === false) fail(name, 'check failed');
    else ok(name);
    return true;
  } catch (e) {
    fail(name, e.message || e);
    return false;
  }
}

// How many pixels of a canvas under SEL are of one of the colours (within a tolerance)?
const countColour = (page, sel, colours) => page.evaluate(([s, cs]) => {
  let n = 0;
  for (const c of document.querySelectorAll(s)) {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4)
      for (const [r, g, b] of cs)
        if (d[i + 3] > 200 && Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) { n++; break; }
  }
  return n;
}, [sel, colours]);

const QUAD_RGB = [[0x2f, 0x9e, 0x6e], [0x1f, 0x6f, 0xb4], [0xe8, 0x91, 0x2d], [0xd4, 0x3d, 0x3d]];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

try {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await check('dashboard loads', async () => {
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  });
  const ready = Date.now() - t0;
  const fcp = await page.evaluate(() => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? Math.round(e.startTime) : -1;
  });
  console.log(`info first contentful paint: ${fcp} ms`);
  console.log(`info dashboard drawn: ${ready} ms`);

  await check('timeline draws bars in quad colours', async () => {
    await page.waitForSelector('#chart canvas', { timeout: 5000 });
    const n = await countColour(page, '#chart canvas', QUAD_RGB);
    if (n < 50) throw new Error(`only ${n} pixels of quad colours in the chart`);
  });
  await check('network draws', async () => {
    await page.waitForSelector('#net canvas', { timeout: 5000 });
    await page.waitForTimeout(300);
    const n = await countColour(page, '#net canvas', [[0xe9, 0xed, 0xf5], [0x2f, 0x5b, 0xd3]]);
    if (n < 50) throw new Error(`only ${n} node pixels in the network`);
  });
  await check('event table has rows', async () => {
    const n = await page.locator('#evtable tbody tr[data-id]').count();
    if (n < 1) throw new Error('no rows');
  });
  await page.screenshot({ path: join(out, 'dashboard.png') });

  // pick a dyad by typing it in: the title, table and chart follow
  await check('pick a dyad', async () => {
    const pair = process.env.DYAD_PAIR || 'GRC,TUR';
    const [a, b] = pair.split(',');
    await page.fill('#a', a);
    await page.fill('#b', b);
    await page.click('#go');
    await page.waitForFunction(([x, y]) => document.querySelector('#ev-title').textContent.includes(`${x} ↔ ${y}`),
      [a, b], { timeout: 10000 });
    await page.waitForSelector('#evtable tbody tr[data-id]', { timeout: 10000 });
    const title = await page.textContent('#tl-title');
    if (!title.includes(`${a} ↔ ${b}`)) throw new Error(`timeline title is '${title}'`);
    const n = await countColour(page, '#chart canvas', QUAD_RGB);
    if (n < 50) throw new Error('the chart has no bars');
  });

  await check('open an event: evidence highlighted, explanation shown', async () => {
    await page.locator('#evtable tbody tr[data-id]').first().click();
    await page.waitForSelector('#drawer:not([hidden]) .mention', { timeout: 10000 });
    for (const cls of ['src', 'verb', 'tgt']) {
      const n = await page.locator(`#d-body .evidence mark.${cls}`).count();
      if (n < 1) throw new Error(`no ${cls} highlighted`);
    }
    const text = await page.textContent('#d-body');
    if (!text.includes('Why this coding') || !/verb entry|rule/.test(text)) throw new Error('no explanation');
  });
  await page.screenshot({ path: join(out, 'event.png') });
  await page.click('#d-close');

  await check('paste text and see its events', async () => {
    await page.fill('#text', 'Russian troops attacked Ukrainian positions near Kharkiv on Tuesday. ' +
      'The French president met the German chancellor in Paris.');
    await page.fill('#cdate', '2024-05-07');
    await page.click('#codebtn');
    await page.waitForSelector('#coded .evcard', { timeout: 20000 });
    const text = await page.textContent('#coded');
    if (!text.includes('RUS') || !text.includes('UKR')) throw new Error(`events: ${text.slice(0, 200)}`);
    if (await page.locator('#coded mark.verb').count() < 1) throw new Error('no verb highlighted');
  });
  await page.locator('#coded').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'code.png') });

  await check('pasted markup stays text', async () => {
    await page.fill('#text', 'Russia <img src=x id=injected onerror="document.body.dataset.pwned=1"> attacked Ukraine on Monday.');
    await page.click('#codebtn');
    await page.waitForFunction(() => !document.querySelector('#codebtn').disabled, null, { timeout: 20000 });
    await page.waitForTimeout(200);
    if (await page.locator('#injected').count()) throw new Error('an element was made from the text');
    if (await page.evaluate(() => document.body.dataset.pwned)) throw new Error('script ran');
  });

  await check('no errors in the console', async () => {
    if (errors.length) throw new Error(errors.join(' | '));
  });
} catch (e) {
  fail('browser', e.message || e);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

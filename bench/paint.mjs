// paint.mjs -- the dashboard's first contentful paint and the time until its timeline, network
// and table are drawn (body[data-ready]), in headless chromium at 1280x800, each load in a fresh
// browser context (nothing cached in the browser): the first load (the server's cache empty too,
// when the server was just started) and the median of N more.  Used by bench/serve.sh.
//   node bench/paint.mjs URL [N] [SCREENSHOT.png]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(top, 'web', 'package.json'))('playwright-core');
const [url, n = '5', shot] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const fcp = [], ready = [];
for (let i = 0; i <= +n; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  ready.push(Date.now() - t0);
  fcp.push(await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1)));
  if (i === 0 && shot) await page.screenshot({ path: shot });
  await ctx.close();
}
await browser.close();
const med = (a) => a.slice(1).sort((x, y) => x - y)[(a.length - 1) >> 1];
console.log(`first contentful paint: ${fcp[0]} ms first load, ${med(fcp)} ms median of ${n} more`);
console.log(`drawn (timeline, network, table): ${ready[0]} ms first load (nothing cached), ${med(ready)} ms median of ${n} more`);

// The main thread's time on each answer of one page load, read from the
// page's own measures (`sprintlift-answer` and its parts, see
// src/perf_marks.rs): a quick look while working, where `cargo xtask
// bench` takes minutes. Desktop-sized window (PHONE=1: a phone's), CPU not
// slowed; DETAIL=1 prints the parts.
//
//   [TOKEN=test-token] [PHONE=1] [DETAIL=1] node bench/lighthouse/answers.mjs URL [RUNS]
import { launch, rememberToken } from './chromium.mjs';

const [url, runs = '3'] = process.argv.slice(2);
if (!url) {
  console.error('usage: [TOKEN=...] node answers.mjs URL [RUNS]');
  process.exit(2);
}
const browser = await launch();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
for (let run = 0; run < Number(runs); run++) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(process.env.PHONE ? { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true } : { width: 1280, height: 900 });
  if (process.env.TOKEN) await rememberToken(page, url, process.env.TOKEN);
  await page.goto(url);
  await page.waitForSelector('[data-testid=done]', { timeout: 120000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const measures = await page.evaluate(() => {
    const of = (name) => performance.getEntriesByName(name).map((e) => e.duration);
    return { answer: of('sprintlift-answer'), read: of('sprintlift-read'),
      compute: of('sprintlift-compute'), draw: of('sprintlift-draw'), cache: of('sprintlift-cache'), publish: of('sprintlift-publish') };
  });
  const a = measures.answer;
  console.log(`run ${run + 1}: ${a.length} answers, median ${median(a).toFixed(1)} ms, max ${Math.max(...a).toFixed(1)}, total ${a.reduce((x, y) => x + y, 0).toFixed(0)} ms; each ${a.map((x) => x.toFixed(0)).join(' ')}; draws ${measures.draw.length} (${measures.draw.reduce((x, y) => x + y, 0).toFixed(0)} ms)`);
  if (process.env.DETAIL) {
    for (const k of ['read', 'cache', 'compute', 'publish', 'draw']) console.log(`  ${k}: ${measures[k].map((x) => x.toFixed(1)).join(' ')}`);
  }
  await context.close();
}
await browser.close();

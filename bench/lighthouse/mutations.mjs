// What each answer of one page load changed in the page: a MutationObserver
// from the first byte, its records grouped per answer (the page's own
// `sprintlift-answer` measures) by the nearest data-testid or class, the
// largest groups first. Desktop-sized window, CPU not slowed.
//
//   [TOKEN=test-token] node bench/lighthouse/mutations.mjs URL
import { launch, rememberToken } from './chromium.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: [TOKEN=...] node mutations.mjs URL');
  process.exit(2);
}
const browser = await launch();
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 900 });
if (process.env.TOKEN) await rememberToken(page, url, process.env.TOKEN);
await page.evaluateOnNewDocument(() => {
  window.__mut = [];
  // Where a record happened: up to three named ancestors, nearest first.
  const where = (node) => {
    let element = node.nodeType === 1 ? node : node.parentElement;
    const names = [];
    while (element && names.length < 3) {
      const testid = element.getAttribute('data-testid');
      const className = typeof element.className === 'string' && element.className ? '.' + element.className.split(' ')[0] : null;
      if (testid || className) names.push(testid || className);
      element = element.parentElement;
    }
    return names.join('<') || node.nodeName;
  };
  new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) window.__mut.push([t, r.type, where(r.target), r.addedNodes.length, r.removedNodes.length, r.attributeName || '']);
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
});
await page.goto(url);
await page.waitForSelector('[data-testid=done]', { timeout: 120000 });
await new Promise((r) => setTimeout(r, 500));
const data = await page.evaluate(() => ({ mut: window.__mut, starts: performance.getEntriesByName('sprintlift-answer-start').map(e => e.startTime), answers: performance.getEntriesByName('sprintlift-answer').map(e => [e.startTime, e.duration]) }));
for (const [i, [s, d]] of data.answers.entries()) {
  const inside = data.mut.filter(m => m[0] >= s && m[0] <= s + d);
  const by = {};
  for (const m of inside) { const k = m[1] + ' ' + m[2] + (m[5] ? ' @' + m[5] : ''); by[k] = (by[k] || 0) + 1 + m[3] + m[4]; }
  const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${v}× ${k}`).join(' | ');
  console.log(`answer ${i + 1}: ${d.toFixed(1)} ms, ${inside.length} records: ${top}`);
}
await browser.close();

// A CPU profile of one page load, for finding what blocks the main thread:
// Chromium (Debian's) through puppeteer-core, a phone-sized window, the CPU
// slowed four times as Lighthouse's mobile preset simulates it (CPU_SLOWDOWN=1: not).
//
//   node bench/lighthouse/profile.mjs URL [OUT.cpuprofile]
//   TOKEN=test-token node bench/lighthouse/profile.mjs URL ...   (the token view)
//
// Functions have names only in a build that keeps them: a copy of
// index.html with `data-wasm-opt="0" data-keep-debug` on the rust link,
// built with `trunk build --release --dist DIR that.html` (slower than the
// release build, so read the profile's shares, not its times). Open the
// file in Chromium's DevTools (Performance panel) or read it as JSON.
import { launch, rememberToken } from './chromium.mjs';
import fs from 'fs';

const [url, out = 'page.cpuprofile'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node profile.mjs URL [OUT.cpuprofile]');
  process.exit(2);
}
const browser = await launch();
const page = await browser.newPage();
await page.setViewport({ width: 412, height: 823 });
if (process.env.TOKEN) await rememberToken(page, url, process.env.TOKEN);
const cdp = await page.createCDPSession();
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.CPU_SLOWDOWN || 4) });
await cdp.send('Profiler.start');
await page.goto(url, { waitUntil: 'load' });
await new Promise((resolve) => setTimeout(resolve, 6000));
const { profile } = await cdp.send('Profiler.stop');
fs.writeFileSync(out, JSON.stringify(profile));
await browser.close();
console.log(`wrote ${out}`);

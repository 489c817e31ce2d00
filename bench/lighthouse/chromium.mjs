// What the bench scripts share: Debian's Chromium started as the project
// starts it, and a token remembered for the page's API.
import puppeteer from 'puppeteer-core';

export function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Remembers `token` for the API named in `url`'s `api=` as the app keeps it
// (src/token.rs, in localStorage), from a page of the same origin that does
// not start the app.
export async function rememberToken(page, url, token) {
  const target = new URL(url);
  await page.goto(`${target.origin}/public/favicon.svg`);
  await page.evaluate((api, secret) => {
    localStorage.setItem('sprintlift/token', JSON.stringify({ api, token: secret }));
  }, target.searchParams.get('api'), token);
}

// The live preview in Chromium: opens one page of a running `portico serve`, which sends the site's
// production Content-Security-Policy, and waits for the CSP overlay. It checks that the live-reload script
// runs under that policy (a same-origin file, no inline code) and that a blocked address is reported with
// the `deploy.allow` line that would let it in.
//
//   node tests/browser/preview.mjs URL EXPECTED_TEXT
//
// Exit status: 0 when the overlay shows EXPECTED_TEXT, 1 when it does not, 2 when the browser cannot run.

import { chromium } from 'playwright-core';

const CHROMIUM = process.env.PORTICO_CHROMIUM || '/usr/bin/chromium';
const [url, expected] = process.argv.slice(2);
if (!url || !expected) {
  console.error('usage: node preview.mjs URL EXPECTED_TEXT');
  process.exit(2);
}

const browser = await chromium
  .launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  .catch((error) => {
    console.error(`cannot start Chromium at ${CHROMIUM}: ${error.message}`);
    process.exit(2);
  });
const page = await browser.newPage();
const violations = [];
page.on('console', (msg) => {
  if (msg.type() === 'error') violations.push(msg.text());
});
let status = 1;
try {
  await page.goto(url);
  const overlay = page.locator('#portico-csp-overlay');
  await overlay.waitFor({ timeout: 20000 });
  await page.waitForFunction(
    (text) => document.querySelector('#portico-csp-overlay')?.textContent.includes(text),
    expected,
    { timeout: 20000 },
  );
  const reloadBlocked = violations.some((text) => text.includes('live-reload'));
  if (reloadBlocked) {
    console.error(`the live-reload script was blocked:\n${violations.join('\n')}`);
  } else {
    console.log(await overlay.textContent());
    status = 0;
  }
} catch (error) {
  console.error(`no CSP overlay with ${JSON.stringify(expected)}: ${error.message}\n${violations.join('\n')}`);
}
await browser.close();
process.exit(status);

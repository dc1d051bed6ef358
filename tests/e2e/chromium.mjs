// Debian's Chromium (apt-get install -y chromium), headless, for every browser test under tests/e2e. Playwright's own
// browser downloads are never used: nothing here may fetch a browser. CHROMIUM names another binary.
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Chromium with nothing running in the background that could call out (updates, sync, field trials). */
export function launchChromium() {
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Records every request a browser context makes, WebSockets included, so that a test can assert the page talks to
 * its own origin only. Requests that a content security policy blocks never start; `refusals` collects the console
 * errors that report them.
 */
export function recordRequests(context) {
  const urls = [];
  const refusals = [];
  context.on('request', (request) => urls.push(request.url()));
  context.on('page', (page) => watchPage(page, urls, refusals));
  for (const page of context.pages()) {
    watchPage(page, urls, refusals);
  }
  return { urls, refusals };
}

function watchPage(page, urls, refusals) {
  page.on('websocket', (socket) => urls.push(socket.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      refusals.push(message.text());
    }
  });
}

/** The recorded URLs that are not on `origin` (http or ws) nor local data. */
export function foreignRequests(urls, origin) {
  const wsOrigin = origin.replace(/^http/, 'ws');
  const own = (url) => [origin, wsOrigin].some((o) => url === o || url.startsWith(o + '/'))
    || url.startsWith('data:') || url.startsWith('blob:');
  return urls.filter((url) => !own(url));
}

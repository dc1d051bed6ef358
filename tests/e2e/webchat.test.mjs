// The real chat page (Web Chat 4.18 from npm) against the real host's Direct Line, in Debian's headless Chromium, in
// both of Web Chat's transports. BASE_URL names the running host and EXPIRING_BASE_URL one whose tokens last seconds
// (run.sh starts both); SCREENSHOT is where the page's picture goes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { foreignRequests, launchChromium, recordRequests } from './chromium.mjs';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:5199';
const expiringBaseUrl = process.env.EXPIRING_BASE_URL;
const screenshot = process.env.SCREENSHOT;
const timeout = 30_000;
// Each test's own bound; a test that hangs fails on its own instead of holding up the run.
const testTimeout = { timeout: 120_000 };

const welcome = 'not a clinician';
const shoeQuestion = 'How often should I replace my walking shoes?';
const shoeAnswer = 'shoes should be replaced between 300-500 miles';
const citation = 'Source: "The Cause of Lower Back Pain May Stem from Your Ankles", section "Replace old shoes"';
const redFlag = 'I have tingling and numbness in my leg';
const escalation = 'Those symptoms should be checked by a clinician.';
const nerveAdvice = 'seek medical attention and the long-term care of a chiropractor';
const bookingQuestion = 'What name should the clinic use?';
// Without apostrophes: Web Chat's Markdown curls them.
const cancelled = 'Nothing more was sent to the clinic.';
const timedOut = 'This chat has timed out. Reload the page to start a new chat.';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A fresh browser profile (so no saved conversation) on the chat page, recording every request it makes. */
async function openChat(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 900, height: 860 }, ...options });
  const requests = recordRequests(context);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page, requests };
}

// The visible transcript; Web Chat also copies messages into a screen-reader live region, which is not counted.
const transcript = (page) => page.locator('section.webchat__basic-transcript__transcript');
const messages = (page, text) => transcript(page).locator('article').filter({ hasText: text });
const sendBox = (page) => page.locator('[data-id="webchat-sendbox-input"]').first();

async function ask(page, text) {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

async function waitForMessage(page, text) {
  await messages(page, text).first().waitFor({ timeout });
}

// Web Chat's Markdown turns straight quotes into curly ones; compare the words.
const plain = (text) => text.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');

/** How many pixels of a message the patient can see: inside the transcript's scrolled area and the window. */
function visiblePixels(message) {
  return message.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const view = element.closest('.webchat__basic-transcript__scrollable').getBoundingClientRect();
    return Math.max(0, Math.min(box.bottom, view.bottom, window.innerHeight) - Math.max(box.top, view.top, 0));
  });
}

/** The welcome (with its "not a clinician" and 911) must be readable, not squeezed out by its buttons. */
async function assertWelcomeReadable(message) {
  const height = await message.evaluate((element) => element.getBoundingClientRect().height);
  assert.ok(await visiblePixels(message) >= Math.min(height, 120), 'the welcome is hidden');
}

/** How many times each text shows in the transcript. */
async function counts(page, texts) {
  return Object.fromEntries(await Promise.all(texts.map(async (text) => [text, await messages(page, text).count()])));
}

async function assertNothingFailedToSend(page) {
  assert.equal(await page.getByText('Send failed', { exact: false }).count(), 0, 'a message was marked "Send failed"');
}

function assertOwnOriginOnly(requests, origin) {
  assert.ok(requests.urls.some((url) => url.startsWith(origin + '/v3/directline/tokens/generate')),
    'the recorder saw none of the page\'s own requests');
  assert.deepEqual(foreignRequests(requests.urls, origin), [], 'the page made requests to other origins');
  assert.deepEqual(requests.refusals, [], 'the page tried to reach something its content security policy refuses');
}

for (const transport of ['websocket', 'polling']) {
  test(`${transport}: a cited answer, a red flag escalated, and after a reload the same conversation goes on`, testTimeout, async () => {
    const origin = new URL(baseUrl).origin;
    const wsStream = origin.replace(/^http/, 'ws') + '/v3/directline/conversations/';
    const { context, page, requests } = await openChat(`${baseUrl}/?transport=${transport}`);
    try {
      await waitForMessage(page, welcome);
      await assertWelcomeReadable(messages(page, welcome).first());

      await ask(page, shoeQuestion);
      await waitForMessage(page, shoeAnswer);
      const answer = await messages(page, shoeAnswer).first().innerText();
      assert.ok(plain(answer).includes(citation), 'the shoe answer does not cite its source');
      if (screenshot && transport === 'websocket') {
        await page.screenshot({ path: screenshot });
      }

      await ask(page, redFlag);
      await waitForMessage(page, escalation);
      await waitForMessage(page, bookingQuestion);
      assert.equal(await messages(page, nerveAdvice).count(), 1, 'the escalation lacks the clinic\'s advice');
      await assertNothingFailedToSend(page);

      if (transport === 'websocket') {
        assert.ok(requests.urls.some((url) => url.startsWith(wsStream)), 'no WebSocket stream was opened');
        assert.ok(!requests.urls.some((url) => url.includes('/activities?watermark=')), 'WebSocket mode polled');
      } else {
        assert.ok(!requests.urls.some((url) => url.startsWith('ws')), 'polling mode opened a WebSocket');
        assert.ok(requests.urls.some((url) => url.includes('/activities?watermark=')), 'polling mode did not poll');
      }

      // The history comes back once, in order, and the bot still knows where the patient was: in the booking.
      const shown = [welcome, shoeQuestion, shoeAnswer, redFlag, escalation, bookingQuestion];
      const before = await counts(page, shown);
      await page.reload();
      await waitForMessage(page, bookingQuestion);
      assert.deepEqual(await counts(page, shown), before);
      assert.deepEqual(Object.values(before), shown.map(() => 1), 'each message should show once');
      const order = await transcript(page).locator('article').allInnerTexts();
      const positions = shown.map((text) => order.findIndex((article) => article.includes(text)));
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'the history came back out of order');

      await ask(page, 'cancel');
      await waitForMessage(page, cancelled);
      await assertNothingFailedToSend(page);
      assertOwnOriginOnly(requests, origin);
    } finally {
      await context.close();
    }
  });
}

test('An expired chat tells the patient to reload, and the reload starts a new chat', { ...testTimeout, skip: !expiringBaseUrl && 'EXPIRING_BASE_URL is not set' }, async () => {
  const { context, page, requests } = await openChat(`${expiringBaseUrl}/`);
  try {
    await waitForMessage(page, welcome);
    const expires = await page.evaluate(() => JSON.parse(atob(JSON.parse(sessionStorage.getItem('backpainbot.webchat')).token
      .split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000);
    assert.ok(expires - Date.now() < 10_000, 'EXPIRING_BASE_URL should issue tokens that last seconds');
    await page.waitForTimeout(Math.max(0, expires - Date.now()) + 1_000);

    await ask(page, shoeQuestion);
    await page.getByText(timedOut).waitFor({ timeout });
    assert.equal(await messages(page, shoeAnswer).count(), 0, 'a message was answered on an expired token');

    await page.reload();
    await waitForMessage(page, welcome);
    assert.equal(await messages(page, shoeQuestion).count(), 0, 'the reload showed the expired chat instead of a new one');
    assert.equal(await page.getByText(timedOut).isVisible(), false);
    assertOwnOriginOnly(requests, new URL(expiringBaseUrl).origin);
  } finally {
    await context.close();
  }
});

test('Embed snippet: a clinic page gets a button that opens the chat in a panel', testTimeout, async () => {
  // A stand-in for the clinic's website on another origin: any page with the one-line snippet, served with no charset
  // as older sites are (so the script is read as windows-1252). It is on loopback too,
  // because Chromium does not let a public page load scripts from a private address.
  const origin = new URL(baseUrl).origin;
  const site = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><title>Clinic</title><h1>Clinic website</h1><script src="${origin}/embed.js" defer></script>`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;
  const { context, page, requests } = await openChat(`${siteOrigin}/`, { viewport: { width: 1000, height: 800 } });
  try {
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const chat = page.frameLocator('iframe[title^="Chat with"]');
    const greeting = chat.locator('section.webchat__basic-transcript__transcript article').filter({ hasText: welcome }).first();
    await greeting.waitFor({ timeout });
    await assertWelcomeReadable(greeting);
    const close = page.getByRole('button', { name: 'Close the chat' });
    assert.equal(await close.innerText(), '\u00d7', 'the close button is garbled on a page that is not UTF-8');
    await close.click();
    assert.equal(await page.locator('#backpainbot-chat').isHidden(), true);
    assert.deepEqual(foreignRequests(requests.urls, origin).filter((url) => !url.startsWith(siteOrigin + '/')), [],
      'the embedded chat reached beyond the clinic site and the bot host');
  } finally {
    await context.close();
    site.close();
  }
});

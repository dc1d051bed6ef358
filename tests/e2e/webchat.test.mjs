// The real chat page (Web Chat 4.18 from npm) against the real host's Direct Line, in Debian's headless Chromium.
// BASE_URL names the running host (run.sh starts it); SCREENSHOT is where the page's picture goes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:5199';
const screenshot = process.env.SCREENSHOT;
const origin = new URL(baseUrl).origin;
const wsOrigin = origin.replace(/^http/, 'ws');
const timeout = 30_000;

const shoeQuestion = 'How often should I replace my walking shoes?';
const redFlag = "I can't control my bladder and my legs are numb";

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
});

/** A page that records every request it makes and every console error, such as a blocked request. */
async function openChat(path = '/') {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('websocket', (socket) => requests.push(socket.url()));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(baseUrl + path);
  return { context, page, requests, errors };
}

// The visible transcript; Web Chat also copies messages into a screen-reader live region, which is not counted.
const transcript = (page) => page.locator('section.webchat__basic-transcript__transcript');
const activities = (page, text) => transcript(page).locator('article').filter({ hasText: text });
const sendBox = (page) => page.locator('[data-id="webchat-sendbox-input"]').first();

async function ask(page, text) {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

async function waitForText(page, text) {
  await transcript(page).getByText(text, { exact: false }).first().waitFor({ timeout });
}

function assertOwnOriginOnly(requests) {
  const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith(wsOrigin)
    && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the page made requests to other origins');
}

test('WebSocket: welcome, shoe question answered with its source, history after reload', async () => {
  const { context, page, requests, errors } = await openChat('/');
  try {
    await waitForText(page, 'not a clinician');
    await ask(page, shoeQuestion);
    await waitForText(page, '300-500 miles');
    await waitForText(page, 'Source:');
    assert.equal(await page.getByText('Send failed', { exact: false }).count(), 0, 'a message was marked send failed');
    assert.ok(requests.some((url) => url.startsWith(wsOrigin + '/v3/directline/conversations/')), 'no WebSocket stream was opened');
    if (screenshot) {
      await page.screenshot({ path: screenshot });
    }

    await page.reload();
    await waitForText(page, '300-500 miles');
    assert.equal(await activities(page, shoeQuestion).count(), 1, 'the question should show once after reload');
    assert.equal(await activities(page, 'not a clinician').count(), 1, 'the welcome should show once after reload');
    assertOwnOriginOnly(requests);
    assert.deepEqual(errors.filter((e) => /Content Security Policy|Refused/i.test(e)), []);
  } finally {
    await context.close();
  }
});

test('Polling: a red flag is escalated', async () => {
  const { context, page, requests } = await openChat('/?transport=polling');
  try {
    await waitForText(page, 'not a clinician');
    await ask(page, redFlag);
    await waitForText(page, 'Call 911 now');
    assert.ok(!requests.some((url) => url.startsWith(wsOrigin)), 'polling mode opened a WebSocket');
    assert.ok(requests.some((url) => url.includes('/activities?watermark=')), 'polling mode did not poll');
    assertOwnOriginOnly(requests);
  } finally {
    await context.close();
  }
});

test('Embed snippet: a clinic page gets a button that opens the chat in a panel', async () => {
  // A stand-in for the clinic's website on another origin: any page with the one-line snippet. It is on loopback too,
  // because Chromium does not let a public page load scripts from a private address.
  const site = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><title>Clinic</title><h1>Clinic website</h1><script src="${origin}/embed.js" defer></script>`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`http://127.0.0.1:${site.address().port}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const chat = page.frameLocator('iframe[title^="Chat with"]');
    await chat.locator('section.webchat__basic-transcript__transcript article').filter({ hasText: 'not a clinician' }).first().waitFor({ timeout });
    await page.getByRole('button', { name: 'Close the chat' }).click();
    assert.equal(await page.locator('#backpainbot-chat').isHidden(), true);
  } finally {
    await context.close();
    site.close();
  }
});

// Two browsers in one test: a patient in the clinic's Web Chat (/) and a member of staff in the console (/staff),
// against the real host in Debian's headless Chromium. BASE_URL names the running host, STAFF_NAME and STAFF_PASSWORD
// an account that run.sh added with the `staff add` command; SCREENSHOT is where the console's picture goes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:5197';
const staffName = process.env.STAFF_NAME ?? 'Dana';
const staffPassword = process.env.STAFF_PASSWORD;
const screenshot = process.env.SCREENSHOT;
const origin = new URL(baseUrl).origin;
const wsOrigin = origin.replace(/^http/, 'ws');
const timeout = 30_000;

const redFlag = "I can't control my bladder and my legs are numb";
const staffMessage = 'Hello, this is Dana at the clinic. Are you somewhere safe right now?';
const patientAnswer = 'Yes, I am at home and my husband is with me.';
const shoeQuestion = 'How often should I replace my walking shoes?';

let browser;

before(async () => {
  assert.ok(staffPassword, 'STAFF_PASSWORD is not set: run tests/e2e/staff/run.sh');
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

/** A page in its own browser context (its own cookies) that records every request it makes and every error. */
async function open(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('websocket', (socket) => requests.push(socket.url()));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, requests, errors };
}

function assertOwnOriginOnly(requests) {
  const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith(wsOrigin)
    && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the page made requests to other origins');
}

// Web Chat's visible transcript (it also copies messages into a screen-reader live region, which is not counted).
const chat = (page) => page.locator('section.webchat__basic-transcript__transcript');
const chatText = (page, text) => chat(page).getByText(text, { exact: false }).first();

async function say(page, text) {
  const box = page.locator('[data-id="webchat-sendbox-input"]').first();
  await box.fill(text);
  await box.press('Enter');
}

test('a patient escalates, staff take over the chat live, then hand back to the bot', { timeout: 240_000 }, async () => {
  const staff = await open({ width: 1280, height: 900 });
  const patient = await open({ width: 700, height: 900 });
  try {
    // Staff sign in: the console sends them to the sign-in page first.
    await staff.page.goto(baseUrl + '/staff');
    assert.match(staff.page.url(), /\/staff\/signin/);
    await staff.page.getByLabel('Name').fill(staffName);
    await staff.page.getByLabel('Password').fill(staffPassword);
    await staff.page.getByRole('button', { name: 'Sign in' }).click();
    await staff.page.waitForURL(baseUrl + '/staff');
    await staff.page.locator('#live.on').waitFor();
    assert.equal(await staff.page.locator('#queue li').count(), 0, 'the queue should start empty');
    const loads = [];
    staff.page.on('framenavigated', (frame) => frame === staff.page.mainFrame() && loads.push(frame.url()));

    // The patient escalates in Web Chat.
    await patient.page.goto(baseUrl + '/');
    await chatText(patient.page, 'not a clinician').waitFor();
    await say(patient.page, redFlag);
    await chatText(patient.page, 'Call 911 now').waitFor();

    // The handoff appears in the console without a reload, emergency first.
    const item = staff.page.locator('#queue li[data-status="new"]').first();
    await item.waitFor();
    assert.match(await item.innerText(), /Emergency/i);
    assert.deepEqual(loads, [], 'the console reloaded');

    // Staff claim it and join the chat.
    await item.locator('button').click();
    await staff.page.getByRole('button', { name: 'Claim' }).click();
    await staff.page.getByRole('button', { name: 'Join chat' }).click();
    await chatText(patient.page, 'has joined the chat').waitFor();

    // Staff send a message; the patient sees it in Web Chat.
    await staff.page.locator('#takeover-text').fill(staffMessage);
    await staff.page.getByRole('button', { name: 'Send', exact: true }).click();
    await chatText(patient.page, staffMessage).waitFor();
    assert.ok(await chatText(patient.page, `${staffName} (clinic staff)`).isVisible());

    // The patient answers; staff see it live, and the bot stays quiet.
    await say(patient.page, patientAnswer);
    await staff.page.locator('#transcript li.from-patient').filter({ hasText: patientAnswer }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lastActivity = chat(patient.page).locator('article').last();
    assert.match(await lastActivity.innerText(), /husband is with me/, 'the bot answered during the takeover');
    if (screenshot) {
      await staff.page.screenshot({ path: screenshot, fullPage: true });
    }

    // Staff end the chat; the patient is told and the bot answers the next question.
    await staff.page.getByRole('button', { name: 'End chat' }).click();
    await chatText(patient.page, 'has left the chat').waitFor();
    await say(patient.page, shoeQuestion);
    await chatText(patient.page, '300-500 miles').waitFor();
    await staff.page.getByRole('button', { name: 'Join chat' }).waitFor();

    // A note and the next step of the workflow, both in the audit trail.
    await staff.page.locator('#note-text').fill('Patient is at home with her husband; call back tomorrow.');
    await staff.page.getByRole('button', { name: 'Add note' }).click();
    await staff.page.locator('.notes li').filter({ hasText: 'call back tomorrow' }).waitFor();
    await staff.page.getByRole('button', { name: 'Mark contacted' }).click();
    await staff.page.locator('#queue li[data-status="contacted"]').waitFor();
    await staff.page.locator('.audit li').filter({ hasText: 'claimed → contacted' }).waitFor();

    assertOwnOriginOnly(staff.requests);
    assertOwnOriginOnly(patient.requests);
    assert.deepEqual(staff.errors.filter((e) => /Content Security Policy|Refused/i.test(e)), []);
  } finally {
    await staff.context.close();
    await patient.context.close();
  }
});

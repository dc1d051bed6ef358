// The bot in Teams, through the Microsoft 365 Agents Playground's own page (channel msteams), driven in Debian's
// headless Chromium. run.sh starts the bot and the Playground and sets PLAYGROUND_URL, PLAYGROUND_PORT, PLAYGROUND_PID
// and SCREENSHOT.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const playgroundUrl = process.env.PLAYGROUND_URL ?? "http://127.0.0.1:5196";
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? new URL(playgroundUrl).port);
const screenshot = process.env.SCREENSHOT;

const botName = "Back Pain Self-Care"; // playground.yml
const shoeQuestion = "How often should I replace my walking shoes?";
const citation = 'Source: "The Cause of Lower Back Pain May Stem from Your Ankles"';
const timeout = 20_000;

let browser;
let page;
const blocked = new Set();

before(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(timeout);
  // The Playground's page asks a Microsoft CDN for an animation; nothing leaves this machine.
  await page.route((url) => url.origin !== new URL(playgroundUrl).origin, (route) => {
    blocked.add(new URL(route.request().url()).host);
    return route.abort();
  });
  await page.goto(playgroundUrl);
});

after(async () => {
  await browser?.close();
  if (blocked.size > 0) {
    console.log(`# requests blocked off this machine: ${[...blocked].join(", ")}`);
  }
});

test("the Playground listens on 127.0.0.1 only", () => {
  // Its listening sockets: those of its process (PLAYGROUND_PID, from run.sh), else those on its port.
  const pid = process.env.PLAYGROUND_PID;
  const inodes = pid ? socketInodes(pid) : null;
  const listeners = ["/proc/net/tcp", "/proc/net/tcp6"]
    .flatMap((file) => readFileSync(file, "utf8").trim().split("\n").slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state, , , , , , inode]) => state === "0A"
      && (inodes ? inodes.has(inode) : parseInt(local.split(":").at(-1), 16) === playgroundPort))
    .map(([, local]) => local);
  assert.ok(listeners.some((local) => parseInt(local.split(":").at(-1), 16) === playgroundPort),
    `the Playground does not listen on port ${playgroundPort}`);
  // 0100007F:PORT is 127.0.0.1 as /proc/net/tcp writes it; 0.0.0.0 or :: would take connections from outside.
  assert.deepEqual(listeners.filter((local) => !local.startsWith("0100007F:")), []);
});

/** The inodes of the sockets a process has open, from its /proc file descriptors. */
function socketInodes(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) {
        inodes.add(inode);
      }
    } catch {
      // Closed since the directory was read.
    }
  }
  return inodes;
}

/** A test on the Playground's page; when it fails, a screenshot of the page says why (path in the failure). */
function uiTest(name, body) {
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      const path = join(tmpdir(), `backpainbot-teams-${name.replace(/\W+/g, "-").slice(0, 60)}.png`);
      await page.screenshot({ path, fullPage: true }).catch(() => {});
      error.message += `\n(screenshot of the page: ${path})`;
      throw error;
    }
  });
}

uiTest("personal chat: the bot welcomes on install and answers a question about shoes with its source", async () => {
  await page.getByText("automated assistant, not a clinician").first().waitFor();

  const compose = page.getByRole("textbox");
  await compose.click();
  await page.keyboard.type(shoeQuestion);
  await page.keyboard.press("Enter");

  const answer = page.getByText("300-500 miles").first();
  await answer.waitFor();
  await page.getByText(citation).first().waitFor();
  if (screenshot) {
    await page.screenshot({ path: screenshot });
  }
});

/** Starts a post in the team's General channel that mentions the bot, and posts it. */
async function postInGeneral(text) {
  await page.getByRole("treeitem", { name: /General/ }).click();
  // Until the channel shows its new-post box, the first text box may still be the personal chat's.
  await page.getByText("Start a new post").waitFor();
  await page.getByRole("textbox").first().click();
  await page.keyboard.type("@");
  await page.getByRole("listbox", { name: "Typeahead menu" }).getByRole("menuitem", { name: botName }).click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole("button", { name: "Post" }).click();
  await postWith(text).waitFor();
}

/** The channel post whose text includes <code>text</code>, with its thread of replies. */
function postWith(text) {
  return page.locator("div").filter({ hasText: text }).filter({ has: page.getByRole("textbox") }).last();
}

uiTest("team channel: an @mention with a question gets the cited answer in the same thread", async () => {
  await postInGeneral(shoeQuestion);

  const thread = postWith(shoeQuestion);
  await thread.getByText("300-500 miles").waitFor();
  await thread.getByText(citation).waitFor();
  assert.equal(await thread.getByText("Invalid message").count(), 0, "the Playground could not show the reply");
  // In a channel the buttons come on a card; the booking button is always there.
  await thread.getByRole("button", { name: "Book a consultation" }).first().waitFor();
});

uiTest("team channel: an @mention with a red flag gets the emergency escalation", async () => {
  const redFlag = "I suddenly can't control my bladder and my back hurts";
  await postInGeneral(redFlag);

  const thread = postWith(redFlag);
  await thread.getByText("Call 911 now").first().waitFor();
  assert.equal(await thread.getByText("Source:").count(), 0, "a red flag gets no tips");
});

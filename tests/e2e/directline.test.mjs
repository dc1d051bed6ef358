// The host's Direct Line driven by the real client, botframework-directlinejs (the version Web Chat 4.18.1 bundles),
// from Node, over both transports: watermarks and resuming, tokens confined to their conversation, expired tokens.
// BASE_URL names the running host and EXPIRING_BASE_URL one whose tokens last seconds (run.sh starts both).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import XMLHttpRequest from 'xhr2';

// directlinejs expects a browser: rxjs' ajax needs XMLHttpRequest, the stream the global WebSocket.
globalThis.XMLHttpRequest ??= XMLHttpRequest;
globalThis.WebSocket ??= WebSocket;
const { DirectLine, ConnectionStatus } = (await import('botframework-directlinejs')).default;

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:5199';
const expiringBaseUrl = process.env.EXPIRING_BASE_URL;
const timeout = 20_000;
// Each test's own bound; a test that hangs fails on its own instead of holding up the run.
const testTimeout = { timeout: 90_000 };

const welcome = 'not a clinician';
const shoeQuestion = 'How often should I replace my walking shoes?';
const shoeAnswer = 'shoes should be replaced between 300-500 miles';
const citation = 'Source: "The Cause of Lower Back Pain May Stem from Your Ankles", section "Replace old shoes"';
const sittingQuestion = 'Is sitting all day bad for my back?';

const directLineUrl = (base) => `${base}/v3/directline`;

async function generateToken(base) {
  const response = await fetch(`${directLineUrl(base)}/tokens/generate`, { method: 'POST' });
  assert.equal(response.status, 200);
  return response.json();
}

/** One patient's directlinejs client, keeping what it receives and every connection status it passes through. */
class Patient {
  constructor(base, { webSocket, ...options }) {
    this.activities = [];
    this.statuses = [];
    this.errors = [];
    this.directLine = new DirectLine({ domain: directLineUrl(base), webSocket, ...options });
    this.directLine.connectionStatus$.subscribe((status) => this.statuses.push(status));
    this.subscription = this.directLine.activity$.subscribe(
      (activity) => this.activities.push(activity),
      (error) => this.errors.push(error));
  }

  get conversationId() {
    return this.directLine.conversationId;
  }

  /** Posts a message as Web Chat does, with a clientActivityID; resolves with the id the server gave it. */
  say(text, clientActivityID = `e2e-${Math.random().toString(36).slice(2)}`) {
    return new Promise((resolve, reject) => {
      this.directLine.postActivity({ type: 'message', from: { id: 'patient' }, text, channelData: { clientActivityID } })
        .subscribe(resolve, reject);
    });
  }

  botSaid(text) {
    return this.activities.find((a) => a.type === 'message' && a.from.role === 'bot' && a.text?.includes(text));
  }

  async waitFor(what, predicate) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const found = predicate();
      if (found) {
        return found;
      }
      await sleep(50);
    }
    assert.fail(`${what} did not happen within ${timeout / 1000} s`);
  }

  waitForBot(text) {
    return this.waitFor(`the bot saying "${text}"`, () => this.botSaid(text));
  }

  waitForStatus(status) {
    return this.waitFor(`connection status ${ConnectionStatus[status]}`, () => this.statuses.includes(status));
  }

  end() {
    this.subscription.unsubscribe();
    this.directLine.end();
  }
}

/** "<conversationId>|<sequence>" as a number, to compare with watermarks. */
const sequence = (activity) => Number(activity.id.split('|')[1]);

for (const [transport, webSocket] of [['websocket', true], ['polling', false]]) {
  test(`${transport}: a message comes back with its id and clientActivityID, the cited answer follows, the watermark moves on`, testTimeout, async () => {
    const { token } = await generateToken(baseUrl);
    const patient = new Patient(baseUrl, { token, webSocket });
    try {
      await patient.waitForBot(welcome);
      const watermarkAfterWelcome = Number(patient.directLine.watermark);

      const id = await patient.say(shoeQuestion, 'e2e-shoes');
      assert.match(id, new RegExp(`^${patient.conversationId}\\|\\d+$`));
      const echoed = await patient.waitFor('the message coming back', () => patient.activities.find((a) => a.id === id));
      assert.equal(echoed.channelData?.clientActivityID, 'e2e-shoes', 'Web Chat would mark the message "send failed"');
      assert.equal(echoed.from.role, 'user');
      assert.equal(echoed.text, shoeQuestion);

      const answer = await patient.waitForBot(shoeAnswer);
      assert.ok(answer.text.includes(citation), 'the answer does not cite its source');
      assert.ok(sequence(answer) > sequence(echoed), 'the answer came before the question');
      for (const activity of patient.activities) {
        assert.ok(!Number.isNaN(Date.parse(activity.timestamp)), `activity ${activity.id} has no server timestamp`);
        assert.ok(['user', 'bot'].includes(activity.from.role), `activity ${activity.id} has no from.role`);
      }

      await patient.waitFor('the watermark reaching the answer', () => Number(patient.directLine.watermark) >= sequence(answer));
      assert.ok(Number(patient.directLine.watermark) > watermarkAfterWelcome);
      const ids = patient.activities.map((a) => a.id);
      assert.deepEqual(ids, [...new Set(ids)], 'an activity was delivered twice');
      assert.deepEqual(patient.errors, []);
    } finally {
      patient.end();
    }
  });

  test(`${transport}: resuming without a watermark replays the whole history; with one, only what came after it`, testTimeout, async () => {
    const { token } = await generateToken(baseUrl);
    const first = new Patient(baseUrl, { token, webSocket });
    let history;
    let saved;
    try {
      await first.waitForBot(welcome);
      await first.say(shoeQuestion);
      const answer = await first.waitForBot(shoeAnswer);
      await first.waitFor('the watermark reaching the answer', () => Number(first.directLine.watermark) >= sequence(answer));
      history = first.activities.map((a) => a.id);
      saved = { conversationId: first.conversationId, token: first.directLine.token, watermark: first.directLine.watermark };
    } finally {
      first.end();
    }

    // A reloaded page: the saved conversation id and token, no watermark.
    const replay = new Patient(baseUrl, { token: saved.token, conversationId: saved.conversationId, webSocket });
    try {
      await replay.waitFor('the history coming back', () => replay.activities.length >= history.length);
      assert.deepEqual(replay.activities.slice(0, history.length).map((a) => a.id), history);
      assert.ok(replay.botSaid(shoeAnswer) && replay.botSaid(welcome));
    } finally {
      replay.end();
    }

    // A client that kept its watermark: nothing it has seen comes again, and the conversation goes on.
    const resumed = new Patient(baseUrl, { ...saved, webSocket });
    try {
      await resumed.waitFor('the resumed client going online', () => resumed.statuses.includes(ConnectionStatus.Online));
      const id = await resumed.say(sittingQuestion);
      await resumed.waitFor('the new message coming back', () => resumed.activities.some((a) => a.id === id));
      await resumed.waitFor('the reply to the new message', () => resumed.activities.some((a) => a.from.role === 'bot'));
      assert.deepEqual(resumed.activities.filter((a) => sequence(a) <= Number(saved.watermark)).map((a) => a.id), [],
        'activities before the watermark were sent again');
      assert.equal(resumed.activities[0].id, id);
      assert.equal(resumed.conversationId, saved.conversationId);
    } finally {
      resumed.end();
    }
  });

  test(`${transport}: a token for one conversation opens no other (403), and neither patient sees the other's messages`, testTimeout, async () => {
    const a = await generateToken(baseUrl);
    const b = await generateToken(baseUrl);
    const patientB = new Patient(baseUrl, { token: b.token, webSocket });
    try {
      await patientB.waitForBot(welcome);
      await patientB.say(shoeQuestion);
      await patientB.waitForBot(shoeAnswer);

      const intruder = new Patient(baseUrl, { token: a.token, conversationId: b.conversationId, webSocket });
      try {
        await intruder.waitForStatus(ConnectionStatus.FailedToConnect);
        await assert.rejects(intruder.say('let me in'));
        assert.deepEqual(intruder.activities, [], "the intruder received the other patient's activities");
      } finally {
        intruder.end();
      }

      const asA = { Authorization: `Bearer ${a.token}`, 'Content-Type': 'application/json' };
      const other = `${directLineUrl(baseUrl)}/conversations/${encodeURIComponent(b.conversationId)}`;
      const refused = await Promise.all([
        fetch(other, { headers: asA }),
        fetch(`${other}/activities`, { headers: asA }),
        fetch(`${other}/activities`, { method: 'POST', headers: asA, body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'let me in' }) }),
      ]);
      assert.deepEqual(refused.map((r) => r.status), [403, 403, 403]);
      await patientB.say(sittingQuestion);
      await patientB.waitFor('the reply to the second question', () => patientB.activities.filter((x) => x.from.role === 'bot').length >= 3);
      assert.ok(!patientB.activities.some((x) => x.text === 'let me in'), "another patient's message reached this conversation");
    } finally {
      patientB.end();
    }
  });

  test(`${transport}: an expired token is refused with 403, which the client reports as ExpiredToken`, { ...testTimeout, skip: !expiringBaseUrl && 'EXPIRING_BASE_URL is not set' }, async () => {
    const generated = await generateToken(expiringBaseUrl);
    assert.ok(generated.expires_in <= 10, 'EXPIRING_BASE_URL should issue tokens that last seconds');
    // random: the delay before directlinejs reopens a closed stream (3 + 12 × random seconds); the shortest here.
    const patient = new Patient(expiringBaseUrl, { token: generated.token, webSocket, random: () => 0 });
    try {
      await patient.waitForBot(welcome);
      assert.ok(!patient.statuses.includes(ConnectionStatus.ExpiredToken));
      await sleep(generated.expires_in * 1000 + 1000);

      // Polling: the next poll is refused. WebSocket: the stream closes when the token lapses and reopening it is refused.
      await patient.waitForStatus(ConnectionStatus.ExpiredToken);
      const id = await patient.say(shoeQuestion);
      assert.equal(id, 'retry', 'a message was accepted on an expired token');
      assert.equal(patient.botSaid(shoeAnswer), undefined);

      const headers = { Authorization: `Bearer ${generated.token}` };
      const read = await fetch(`${directLineUrl(expiringBaseUrl)}/conversations/${encodeURIComponent(generated.conversationId)}/activities`, { headers });
      const refresh = await fetch(`${directLineUrl(expiringBaseUrl)}/tokens/refresh`, { method: 'POST', headers });
      assert.equal(read.status, 403);
      assert.equal((await read.json()).error.code, 'TokenExpired');
      assert.equal(refresh.status, 403);
    } finally {
      patient.end();
    }
  });
}

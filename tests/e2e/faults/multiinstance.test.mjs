// Two hosts on one PostgreSQL database, as behind a load balancer: one conversation alternates between them turn by
// turn through a full booking and the handoff exists exactly once; a Direct Line client attached to one instance sees
// every reply, including those produced on the other. Needs BACKPAINBOT_TEST_MULTI_DB (run.sh makes the database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Patient, bookUntilConfirmation, listHandoffs, startHost, stopHost, tail, wholeHandoff, sleep } from './host.mjs';

const database = process.env.BACKPAINBOT_TEST_MULTI_DB;
const skip = !database && (process.env.BACKPAINBOT_REQUIRE_POSTGRES === '1'
  ? false
  : 'PostgreSQL not configured: BACKPAINBOT_TEST_MULTI_DB is not set (tests/e2e/faults/run.sh sets it when PostgreSQL is installed)');

// One shared Direct Line signing secret: a token issued by one instance is honoured by the other.
const sharedSettings = (dir) => ({
  Storage__Provider: 'postgres',
  Storage__ConnectionString: database,
  Storage__DataDirectory: dir,
  DirectLine__TokenSecret: 'multi-instance-test-secret-0123456789abcdef',
  DirectLine__TokensPerMinutePerClient: '1000',
});

test('two instances on one PostgreSQL serve one conversation turn by turn', { skip, timeout: 300_000 }, async (t) => {
  assert.ok(database, 'BACKPAINBOT_TEST_MULTI_DB is not set');
  const dir = mkdtempSync(join(tmpdir(), 'bpb-multi-'));
  const hosts = [];
  try {
    hosts.push(await startHost({ env: sharedSettings(join(dir, 'a')), logPath: join(dir, 'a.log') }));
    hosts.push(await startHost({ env: sharedSettings(join(dir, 'b')), logPath: join(dir, 'b.log') }));
    const [a, b] = hosts;

    await t.test('a booking whose turns alternate A, B, A, B, A is recorded exactly once and whole', async () => {
      const patient = new Patient('Alex Morgan');
      await bookUntilConfirmation(patient, (step) => (step % 2 === 0 ? a.url : b.url), { phone: '801-555-0177' });
      const done = await patient.say(a.url, 'yes');
      assert.ok(done.texts.some((text) => text.includes("We've got it")), JSON.stringify(done.texts));

      for (const host of [a, b]) {
        const stored = (await listHandoffs(host.url)).filter((h) => h.conversationId === patient.conversationId);
        assert.equal(stored.length, 1, `instance ${host.url} lists the booking ${stored.length} times`);
        assert.deepEqual(wholeHandoff(stored[0], patient, '8015550177'), []);
      }
    });

    await t.test('a red flag on B after small talk on A escalates with the conversation so far', async () => {
      const patient = new Patient('Sam Rivera');
      const tip = await patient.say(a.url, 'How often should I replace my walking shoes?');
      assert.match(tip.texts.join('\n'), /300.500 miles/);
      const flag = await patient.say(b.url, 'and now I have tingling and numbness in my leg');
      assert.notEqual(flag.triage?.level, 'none', JSON.stringify(flag.triage));
    });

    await t.test('Direct Line: a client reading from A sees the replies to messages posted through B', async () => {
      const generated = await (await fetch(`${a.url}/v3/directline/tokens/generate`, { method: 'POST' })).json();
      const auth = { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' };
      const started = await fetch(`${a.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
      assert.ok(started.status === 200 || started.status === 201, `start: ${started.status}`);
      const conversation = encodeURIComponent(generated.conversationId);

      const questions = ['How often should I replace my walking shoes?', 'should I take shorter steps?', 'how do I land my feet?', 'does my weight matter?'];
      for (const [i, text] of questions.entries()) {
        const host = i % 2 === 0 ? b : a;
        const posted = await fetch(`${host.url}/v3/directline/conversations/${conversation}/activities`, {
          method: 'POST', headers: auth, body: JSON.stringify({ type: 'message', from: { id: 'patient' }, text }),
        });
        assert.equal(posted.status, 200, `post ${i} to ${host === a ? 'A' : 'B'}: ${posted.status}`);
      }

      // Everything, read from A alone: each question and a reply after it.
      let activities = [];
      for (let attempt = 0; attempt < 50; attempt++) {
        const page = await (await fetch(`${a.url}/v3/directline/conversations/${conversation}/activities`, { headers: auth })).json();
        activities = page.activities;
        if (activities.filter((x) => x.from?.role !== 'user' && x.from?.id !== 'patient' && x.type === 'message').length >= questions.length) break;
        await sleep(100);
      }
      const fromPatient = activities.filter((x) => x.type === 'message' && questions.includes(x.text)).map((x) => x.text);
      assert.deepEqual(fromPatient, questions, 'A lists every message in order, whichever instance took it');
      const replies = activities.filter((x) => x.type === 'message' && !questions.includes(x.text));
      assert.ok(replies.length >= questions.length, `A shows ${replies.length} replies for ${questions.length} questions`);
      assert.ok(replies.some((x) => /300.500 miles/.test(x.text ?? '')), 'the reply produced on B is visible on A');
    });

    await t.test('Direct Line: a WebSocket stream on A delivers a reply produced on B', async () => {
      const generated = await (await fetch(`${a.url}/v3/directline/tokens/generate`, { method: 'POST' })).json();
      const auth = { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' };
      const started = await (await fetch(`${a.url}/v3/directline/conversations`, { method: 'POST', headers: auth })).json();
      assert.ok(started.streamUrl, 'the conversation has a stream URL');
      const received = [];
      const socket = new WebSocket(started.streamUrl);
      await new Promise((ok, fail) => { socket.onopen = ok; socket.onerror = () => fail(new Error('stream did not open')); });
      socket.onmessage = (event) => {
        if (event.data) received.push(...(JSON.parse(event.data).activities ?? []));
      };
      const text = 'How often should I replace my walking shoes?';
      const posted = await fetch(`${b.url}/v3/directline/conversations/${encodeURIComponent(generated.conversationId)}/activities`, {
        method: 'POST', headers: auth, body: JSON.stringify({ type: 'message', from: { id: 'patient' }, text }),
      });
      assert.equal(posted.status, 200);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !received.some((x) => /300.500 miles/.test(x.text ?? ''))) await sleep(50);
      socket.close();
      assert.ok(received.some((x) => x.text === text), 'the stream on A shows the message posted through B');
      assert.ok(received.some((x) => /300.500 miles/.test(x.text ?? '')), 'the stream on A delivers the reply produced on B');
    });
  } catch (error) {
    for (const host of hosts) console.error(tail(host.logPath));
    throw error;
  } finally {
    for (const host of hosts) await stopHost(host);
    rmSync(dir, { recursive: true, force: true });
  }
});

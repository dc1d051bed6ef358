// PostgreSQL stopped mid-traffic: while patients keep chatting, the database is stopped at once (as a crash would).
// Every request gets an answer - 200 while the database is there, 503 with Retry-After while it is not, never a 500 or
// a stack trace; readiness reports unhealthy while liveness stays up; and once the database is back the same process
// serves again on its own. Needs BACKPAINBOT_TEST_OUTAGE_DB and PGTEST_CONTROL (run.sh sets both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Patient, startHost, stopHost, tail, sleep } from './host.mjs';

const database = process.env.BACKPAINBOT_TEST_OUTAGE_DB;
const control = process.env.PGTEST_CONTROL;
const skip = !(database && control) && (process.env.BACKPAINBOT_REQUIRE_POSTGRES === '1'
  ? false
  : 'PostgreSQL not configured: BACKPAINBOT_TEST_OUTAGE_DB is not set (tests/e2e/faults/run.sh sets it when PostgreSQL is installed)');

const questions = ['How often should I replace my walking shoes?', 'should I take shorter steps?', 'is running on grass better?'];

async function status(url, path) {
  try {
    return (await fetch(url + path, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 'no answer';
  }
}

test('PostgreSQL stopped mid-traffic: 503 with Retry-After, never 500, and recovery without a restart', { skip, timeout: 300_000 }, async () => {
  assert.ok(database && control, 'BACKPAINBOT_TEST_OUTAGE_DB and PGTEST_CONTROL must be set');
  const dir = mkdtempSync(join(tmpdir(), 'bpb-outage-'));
  const logPath = join(dir, 'host.log');
  const host = await startHost({
    env: { Storage__Provider: 'postgres', Storage__ConnectionString: database, Storage__DataDirectory: dir },
    logPath,
  });
  const seen = new Map();
  const problems = [];
  let stop = false;
  let resumed = false;
  const afterResume = [];
  const traffic = Promise.all([0, 1, 2, 3].map(async (worker) => {
    const patient = new Patient(`Worker ${worker}`);
    for (let i = 0; !stop; i++) {
      let reply;
      try {
        reply = await patient.say(host.url, questions[i % questions.length], { timeoutMs: 20_000 });
      } catch (error) {
        problems.push(`request failed without an answer: ${error.name}`);
        continue;
      }
      seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
      if (resumed) afterResume.push(reply.status);
      if (reply.status >= 500 && reply.status !== 503) problems.push(`status ${reply.status}`);
      if (reply.status === 503) {
        const retryAfter = reply.headers.get('retry-after');
        if (!/^\d+$/.test(retryAfter ?? '')) problems.push(`503 without Retry-After (${retryAfter})`);
        if (/   at |Exception/.test(reply.body)) problems.push('503 body shows a stack trace');
        await sleep(50);
      }
    }
  }));
  try {
    await sleep(1500);
    assert.equal(await status(host.url, '/healthz/ready'), 200, 'ready before the outage');

    execFileSync('bash', [control, 'halt'], { stdio: 'inherit' });
    await sleep(3000);
    const readyDuring = await status(host.url, '/healthz/ready');
    const liveDuring = await status(host.url, '/healthz/live');

    execFileSync('bash', [control, 'resume'], { stdio: 'inherit' });
    resumed = true;
    const deadline = Date.now() + 30_000;
    let readyAfter;
    while (Date.now() < deadline) {
      readyAfter = await status(host.url, '/healthz/ready');
      if (readyAfter === 200 && afterResume.slice(-8).length === 8 && afterResume.slice(-8).every((s) => s === 200)) break;
      await sleep(200);
    }
    stop = true;
    await traffic;

    console.log(`# outage: statuses ${JSON.stringify(Object.fromEntries(seen))}, ready during ${readyDuring}, live during ${liveDuring}`);
    assert.deepEqual(problems, []);
    assert.ok((seen.get(503) ?? 0) > 0, 'some requests met the outage');
    assert.equal(readyDuring, 503, 'readiness reports unhealthy while the database is down');
    assert.equal(liveDuring, 200, 'liveness stays up: the process itself is fine');
    assert.equal(readyAfter, 200, 'ready again once the database is back');
    assert.deepEqual(afterResume.slice(-8), Array(8).fill(200), 'turns succeed again without a restart');
  } catch (error) {
    stop = true;
    console.error(tail(logPath));
    throw error;
  } finally {
    stop = true;
    await traffic.catch(() => {});
    await stopHost(host);
    rmSync(dir, { recursive: true, force: true });
  }
});

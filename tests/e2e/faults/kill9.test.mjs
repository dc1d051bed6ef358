// kill -9 during booking confirmation: in each trial a fresh host takes several patients to the read-back, they all
// answer "yes" at once, and the host is killed after a random delay (seeded, so a failing run can be repeated with
// FAULT_SEED). The next host, on the same database, must show every booking a patient was told is confirmed exactly
// once and whole, and any booking whose confirmation was cut off either whole or not at all - never half-written.
// Runs on SQLite, and on PostgreSQL when BACKPAINBOT_TEST_POSTGRES_DB names a database for it (run.sh makes one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Patient, bookUntilConfirmation, killHost, listHandoffs, startHost, stopHost, wholeHandoff, tail,
} from './host.mjs';

// 50 kills on PostgreSQL, the several-instance provider; 25 on SQLite, whose commit path the xunit crash tests also
// cover. FAULT_TRIALS sets both.
const trialsFor = (provider) => Number(process.env.FAULT_TRIALS ?? (provider === 'postgres' ? 50 : 25));
const patientsPerTrial = Number(process.env.FAULT_PATIENTS ?? 3);
const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
const report = process.env.FAULT_REPORT;

// mulberry32: a small seeded generator, so the kill moments of a run can be replayed.
function random(seedValue) {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The host restarts after every kill, about 75 times in all. The learned second opinions (triage and answers) are
// trained at each start and play no part in what a kill may lose, so they are off here; every other runner keeps them.
const withoutLearnedOpinions = { Triage__SecondOpinion__Enabled: 'false', Knowledge__SecondOpinion__Enabled: 'false' };
const providers = [{ name: 'sqlite', env: (dir) => ({ ...withoutLearnedOpinions, Storage__Provider: 'sqlite', Storage__DataDirectory: dir }) }];
if (process.env.BACKPAINBOT_TEST_POSTGRES_DB) {
  providers.push({
    name: 'postgres',
    env: (dir) => ({
      ...withoutLearnedOpinions,
      Storage__Provider: 'postgres',
      Storage__ConnectionString: process.env.BACKPAINBOT_TEST_POSTGRES_DB,
      Storage__DataDirectory: dir,
    }),
  });
} else if (process.env.BACKPAINBOT_REQUIRE_POSTGRES === '1') {
  test('PostgreSQL is configured for the fault test', () => assert.fail('BACKPAINBOT_TEST_POSTGRES_DB is not set'));
}

const results = {};

for (const provider of providers) {
  const trials = trialsFor(provider.name);
  test(`kill -9 during booking confirmation on ${provider.name}: ${trials} trials, nothing lost or half-written`, { timeout: 900_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), `bpb-faults-${provider.name}-`));
    const logPath = join(dir, 'host.log');
    const next = random(seed);
    const told = []; // { patient, phone, reference } the patient saw "We've got it"
    const cutOff = []; // { patient, phone } no confirmation reached the patient
    try {
      // A first booking without a kill measures how long a confirmation takes, so kill moments cover before, during
      // and after the commit.
      let host = await startHost({ env: provider.env(dir), logPath });
      const times = [];
      for (let i = 0; i < 5; i++) {
        const probe = new Patient('Timing Patient');
        await bookUntilConfirmation(probe, () => host.url, { phone: '801-555-0100' });
        const started = performance.now();
        const reply = await probe.say(host.url, 'yes');
        times.push(performance.now() - started);
        assert.ok(reply.texts.some((t) => t.includes("We've got it")), `probe booking not confirmed: ${reply.texts}`);
      }
      const confirmMs = Math.max(5, ...times);
      const window = confirmMs * 3; // kills land from "before the request arrives" to "well after the reply"

      for (let trial = 0; trial < trials; trial++) {
        const patients = [];
        for (let i = 0; i < patientsPerTrial; i++) {
          const n = trial * patientsPerTrial + i;
          const patient = new Patient(`Pat Trial${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + Math.floor(n / 26) % 26)}`);
          const digits = String(1000 + n).slice(-4);
          patients.push({ patient, phone: `801-555-${digits}`, digits: `801555${digits}` });
        }
        await Promise.all(patients.map((p) => bookUntilConfirmation(p.patient, () => host.url, { phone: p.phone })));

        const delay = next() * window;
        const answers = patients.map((p) => p.patient.say(host.url, 'yes').then(
          (reply) => ({ ...p, reply }),
          () => ({ ...p, reply: null })));
        await new Promise((ok) => setTimeout(ok, delay));
        await killHost(host);
        for (const outcome of await Promise.all(answers)) {
          const confirmed = outcome.reply?.texts.find((t) => t.includes("We've got it"));
          if (confirmed) {
            told.push({ ...outcome, reference: confirmed.match(/reference is ([^.\s]+)/)?.[1] });
          } else {
            cutOff.push(outcome);
          }
        }

        host = await startHost({ env: provider.env(dir), logPath });
      }

      // The host that started after the last kill is the one that checks.
      const handoffs = await listHandoffs(host.url);
      await stopHost(host);
      const byConversation = new Map();
      for (const h of handoffs) {
        byConversation.set(h.conversationId, [...(byConversation.get(h.conversationId) ?? []), h]);
      }
      const problems = [];
      for (const { patient, digits } of told) {
        const stored = byConversation.get(patient.conversationId) ?? [];
        if (stored.length !== 1) problems.push(`${patient.name}: told confirmed, stored ${stored.length} times`);
        for (const h of stored) problems.push(...wholeHandoff(h, patient, digits).map((p) => `${patient.name}: ${p}`));
      }
      let cutOffStored = 0;
      for (const { patient, digits } of cutOff) {
        const stored = byConversation.get(patient.conversationId) ?? [];
        cutOffStored += stored.length;
        if (stored.length > 1) problems.push(`${patient.name}: cut off, stored ${stored.length} times`);
        for (const h of stored) problems.push(...wholeHandoff(h, patient, digits).map((p) => `${patient.name}: ${p}`));
      }

      results[provider.name] = {
        trials,
        kills: trials,
        bookingsConfirmedToPatient: told.length,
        bookingsCutOff: cutOff.length,
        cutOffButStoredWhole: cutOffStored,
        handoffsChecked: told.length + cutOff.length,
        problems: problems.length,
        seed,
        confirmMs: Math.round(confirmMs),
      };
      console.log(`# ${provider.name}: ${JSON.stringify(results[provider.name])}`);
      assert.deepEqual(problems, [], 'bookings lost, duplicated or half-written');
      assert.ok(told.length > 0 && cutOff.length > 0, `kills should land both before and after confirmations (told ${told.length}, cut off ${cutOff.length})`);
    } catch (error) {
      console.error(tail(logPath));
      throw error;
    } finally {
      if (report) writeFileSync(report, JSON.stringify(results, null, 2));
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

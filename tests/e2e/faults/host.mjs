// Starting, stopping and talking to real host processes for the fault and multi-instance tests. Hosts run the built
// BackPainBot.dll directly (no `dotnet run` wrapper), so a SIGKILL hits the bot itself, and bind 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const hostDll = join(repoRoot, 'src/BackPainBot/bin/Debug/net10.0/BackPainBot.dll');
export const staffKey = 'fault-test-staff-key-0123456789abcdef';

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts a host with the given settings (environment variables such as Storage__Provider) and waits until /healthz
 * answers 200. Resolves to { url, process, logPath, exited }.
 */
export async function startHost({ env = {}, logPath, readyTimeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logPath, 'a');
  const child = spawn('dotnet', [hostDll, '--urls', url], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DOTNET_NOLOGO: '1',
      Staff__ApiKey: staffKey,
      Logging__LogLevel__Default: 'Warning',
      // Every request of these tests comes from 127.0.0.1, so the per-address limits are raised as in the other runners.
      RateLimits__Messages__PerMinute: '600000',
      RateLimits__Messages__Burst: '10000',
      RateLimits__DirectLine__PerMinute: '600000',
      RateLimits__DirectLine__Burst: '10000',
      RateLimits__Operations__PerMinute: '600000',
      RateLimits__Operations__Burst: '10000',
      RateLimits__Staff__Burst: '10000',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const deadline = Date.now() + readyTimeoutMs;
  let gone = false;
  exited.then(() => { gone = true; });
  while (Date.now() < deadline) {
    if (gone) {
      throw new Error(`host exited before it was ready:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) {
        return { url, process: child, logPath, exited };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`host not ready after ${readyTimeoutMs} ms:\n${tail(logPath)}`);
}

/** Kills the host at once, as a crash or `kill -9` would, and waits until it is gone. */
export async function killHost(host) {
  host.process.kill('SIGKILL');
  await host.exited;
}

/** Stops the host as an orchestrator would (SIGTERM) and waits until it is gone. */
export async function stopHost(host) {
  host.process.kill('SIGTERM');
  const timer = setTimeout(() => host.process.kill('SIGKILL'), 30_000);
  await host.exited;
  clearTimeout(timer);
}

export function tail(path, lines = 40) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let nextId = 0;

/** A Web Chat-like patient talking to /api/messages with expectReplies, so replies come back in the response. */
export class Patient {
  constructor(name = 'patient') {
    this.conversationId = `fault-${randomUUID()}`;
    this.userId = `user-${randomUUID()}`;
    this.name = name;
  }

  /** Sends one message; resolves to { status, texts, triage } (texts: the bot's reply texts). */
  async say(url, text, { timeoutMs = 30_000 } = {}) {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m${++nextId}`,
        timestamp: new Date().toISOString(),
        channelId: 'webchat',
        serviceUrl: 'http://127.0.0.1:1/',
        deliveryMode: 'expectReplies',
        locale: 'en-US',
        from: { id: this.userId, name: this.name, role: 'user' },
        recipient: { id: 'bot', name: 'BackPainBot', role: 'bot' },
        conversation: { id: this.conversationId },
        text,
        textFormat: 'plain',
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    let activities = [];
    if (response.headers.get('content-type')?.includes('json') && body) {
      activities = JSON.parse(body).activities ?? [];
    }
    return {
      status: response.status,
      headers: response.headers,
      body,
      texts: activities.filter((a) => a.type === 'message').map((a) => a.text ?? ''),
      triage: activities.find((a) => a.channelData?.triage)?.channelData.triage,
    };
  }
}

/** The booking dialog up to the read-back, on whichever host `urlFor(step)` names for each step. */
export async function bookUntilConfirmation(patient, urlFor, { phone }) {
  const steps = [
    ["I'd like to book an appointment", /name/i],
    [`My name is ${patient.name}`, /phone|email/i],
    [phone, /when|time/i],
    ['next Tuesday at 3pm', /Shall I send it/i],
  ];
  for (const [index, [text, expected]] of steps.entries()) {
    const reply = await patient.say(urlFor(index), text);
    if (reply.status !== 200 || !reply.texts.some((t) => expected.test(t))) {
      throw new Error(`booking step ${index + 1} got ${reply.status}: ${JSON.stringify(reply.texts)}`);
    }
  }
}

/** Every handoff the staff API lists (at most 200), through the staff key. */
export async function listHandoffs(url) {
  const response = await fetch(`${url}/api/handoffs?limit=200`, {
    headers: { authorization: `Bearer ${staffKey}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) {
    throw new Error(`GET /api/handoffs: ${response.status}`);
  }
  return response.json();
}

/** Whether a stored handoff is whole: contact, resolved time, level, status, and the patient's side of the transcript. */
export function wholeHandoff(handoff, patient, phoneDigits) {
  const problems = [];
  if (handoff.contact?.name !== patient.name) problems.push(`contact.name ${handoff.contact?.name}`);
  if (!handoff.contact?.phone?.endsWith(phoneDigits)) problems.push(`contact.phone ${handoff.contact?.phone}`);
  if (!/^\d{4}-\d\d-\d\dT15:00:00[-+]\d\d:\d\d$/.test(handoff.preferredTime ?? '')) problems.push(`preferredTime ${handoff.preferredTime}`);
  if (handoff.level !== 'none') problems.push(`level ${handoff.level}`);
  if (!handoff.status) problems.push('no status');
  const said = (handoff.transcript ?? []).filter((t) => t.from === 'patient').map((t) => t.text);
  for (const text of ["I'd like to book an appointment", `My name is ${patient.name}`, 'next Tuesday at 3pm']) {
    if (!said.includes(text)) problems.push(`transcript lacks "${text}"`);
  }
  return problems;
}

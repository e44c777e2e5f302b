/**
 * The extension's analysis client: a new request stops the one in flight in the same, warm
 * worker; text analysed at once, or a worker that does not take the cancel in time, gets the
 * worker replaced. Needs the build's `out/analysisWorker.js` (run after `node esbuild.mjs`).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { accessLogLines, applicationLogLines } from '../../bench/generators';
import { analyzePaths } from '../../extension/engine/analyze';
import { AnalysisCancelled, AnalysisClient } from '../../extension/host/analysisClient';
import { comparableSummary } from './summaryCompare';
import { PROJECT_ROOT } from './corpora';
import { tempLogs } from './tempLogs';

const { dir, writeLines } = tempLogs('logscope-client-');

/** Whether this process (its worker threads included) holds `path` open. */
function isOpen(path: string): boolean {
  return readdirSync('/proc/self/fd').some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed meanwhile
    }
  });
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(10)) if (condition()) return true;
  return condition();
}

const canSeeFiles = process.platform === 'linux';

describe('analysis client', () => {
  const small = writeLines('small.log', applicationLogLines(3), 3_000);
  const options = { timeZone: 'UTC' };

  it('a new request stops the analysis in flight and runs in the same worker', async () => {
    const large = writeLines('large.log', accessLogLines(5), 120_000);
    const client = new AnalysisClient(PROJECT_ROOT);
    try {
      const first = client.analyze({ kind: 'paths', paths: [large], options });
      const thread = client.workerThreadId;
      const second = client.analyze({ kind: 'paths', paths: [small], options });
      await assert.rejects(first, AnalysisCancelled);
      const summary = await second;
      assert.equal(client.workerThreadId, thread, 'the worker was kept');
      const expected = await analyzePaths([small], options);
      assert.deepEqual(comparableSummary(summary), comparableSummary(expected.summary));
      if (canSeeFiles) assert.ok(await until(() => !isOpen(large), 2000), 'the stopped analysis closed its file');
    } finally {
      client.dispose();
    }
  });

  it('a followed log is no longer followed once another is asked for', async () => {
    const followed = writeLines('followed.log', applicationLogLines(7), 2_000);
    const client = new AnalysisClient(PROJECT_ROOT);
    try {
      const updates: string[] = [];
      const first = await client.tail(followed, options, () => undefined, (_summary, event) => updates.push(event));
      const thread = client.workerThreadId;
      // While followed, appended lines come as updates.
      appendFileSync(followed, '2024-03-01 10:00:00,000 ERROR [main] a.B - appended while followed\n');
      assert.ok(await until(() => updates.includes('appended'), 3000), 'an update for the appended line');
      const other = await client.analyze({ kind: 'paths', paths: [small], options });
      assert.ok(other.records > 0 && first.records > 0);
      assert.equal(client.workerThreadId, thread, 'the worker was kept');
      const seen = updates.length;
      appendFileSync(followed, '2024-03-01 10:00:01,000 ERROR [main] a.B - appended after\n');
      await sleep(1300); // more than two polls of the tail
      assert.equal(updates.length, seen, 'no update after the tail was cancelled');
      if (canSeeFiles) assert.equal(isOpen(followed), false);
    } finally {
      client.dispose();
    }
  });

  it('text analysed at once cannot be stopped: its worker is replaced', async () => {
    const client = new AnalysisClient(PROJECT_ROOT);
    try {
      const text = Array.from({ length: 60_000 }, applicationLogLines(9)).join('\n');
      const first = client.analyze({ kind: 'text', text, name: 'big.log', options });
      const thread = client.workerThreadId;
      const second = client.analyze({ kind: 'paths', paths: [small], options });
      await assert.rejects(first, AnalysisCancelled);
      assert.ok((await second).records > 0);
      assert.notEqual(client.workerThreadId, thread, 'a new worker');
    } finally {
      client.dispose();
    }
  });
});

describe('analysis worker', () => {
  it('stops reading a file when told: no more CPU is spent on it', async () => {
    const path = writeLines('stopped.log', applicationLogLines(13), 120_000);
    const worker = new Worker(join(PROJECT_ROOT, 'out', 'analysisWorker.js'));
    try {
      const replies: { type: string; id: number }[] = [];
      worker.on('message', (message: { type: string; id: number }) => replies.push(message));
      // Read whole, this file takes the worker a second or more of CPU.
      worker.postMessage({ type: 'analyzePaths', id: 1, paths: [path], options: {} });
      worker.postMessage({ type: 'cancel', id: 1 });
      assert.ok(await until(() => replies.some((reply) => reply.type === 'cancelled'), 5000), 'the cancel was taken');
      await sleep(50); // the step in progress ends
      const before = process.cpuUsage();
      await sleep(400);
      const spent = process.cpuUsage(before);
      const ms = (spent.user + spent.system) / 1000;
      assert.ok(ms < 150, `${ms.toFixed(0)} ms of CPU in 400 ms after the cancel`);
      assert.deepEqual(replies.filter((reply) => reply.type !== 'progress').map((reply) => reply.type), ['cancelled'], 'nothing sent for the cancelled request');
    } finally {
      await worker.terminate();
    }
  });
});

describe('analysis client with a worker that does not take a cancel', () => {
  // A worker that answers requests at once, and takes cancels, except for a path "stuck": then
  // it runs for 5 s without looking at its messages (as a worker stuck in a step would).
  const root = join(dir, 'fake-extension');
  mkdirSync(join(root, 'out'), { recursive: true });
  writeFileSync(
    join(root, 'out', 'analysisWorker.js'),
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', (message) => {
       if (message.type === 'cancel') parentPort.postMessage({ type: 'cancelled', id: message.id });
       if (message.type !== 'analyzePaths') return;
       if (message.paths[0] !== 'stuck') parentPort.postMessage({ type: 'result', id: message.id, summary: { records: message.paths.length } });
       else for (const end = Date.now() + 5000; Date.now() < end;);
     });`,
  );

  it('replaces it after the grace period and gives the waiting request to the new one', async () => {
    const client = new AnalysisClient(root, 100);
    try {
      const stuck = client.analyze({ kind: 'paths', paths: ['stuck'], options: {} });
      const thread = client.workerThreadId;
      const next = client.analyze({ kind: 'paths', paths: ['a', 'b'], options: {} });
      await assert.rejects(stuck, AnalysisCancelled);
      assert.equal((await next).records, 2);
      assert.notEqual(client.workerThreadId, thread, 'a new worker');
    } finally {
      client.dispose();
    }
  });

  it('keeps it when it takes the cancel', async () => {
    const client = new AnalysisClient(root, 100);
    try {
      const first = client.analyze({ kind: 'paths', paths: ['x', 'y', 'z'], options: {} });
      const thread = client.workerThreadId;
      assert.equal((await first).records, 3);
      // A request in flight when the next comes: this fake answers at once, so keep one waiting.
      const waiting = client.tail('unused', {}, () => undefined, () => undefined);
      const next = client.analyze({ kind: 'paths', paths: ['a'], options: {} });
      await assert.rejects(waiting, AnalysisCancelled);
      assert.equal((await next).records, 1);
      await sleep(200); // past the grace period
      assert.equal(client.workerThreadId, thread, 'the same worker');
    } finally {
      client.dispose();
    }
  });
});

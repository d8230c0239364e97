import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendDueMail, type MailSenderDeps } from './mail-sender';
import type { DueMessage } from './outbox';

const message = (id: number): DueMessage => ({ id, key: `k${id}`, recipient: 'a@example.com', subject: 's', text: 't', html: 'h', unsubscribeUrl: 'u', attempts: 0 });

function fakeDeps(overrides: Partial<MailSenderDeps> & { log: string[] }): MailSenderDeps {
  const { log } = overrides;
  return {
    due: async () => [message(1), message(2), message(3)],
    startAttempt: async (id) => (log.push(`start ${id}`), true),
    markSent: async (id) => void log.push(`sent ${id}`),
    markFailed: async (id, attempts, error) => void log.push(`failed ${id} (${attempts}): ${error}`),
    send: async (m) => {
      if (m.id === 2) throw new Error('451 busy');
      return { file: null };
    },
    now: () => 0,
    ...overrides,
  };
}

test('each message is counted before it is sent; a refusal is recorded and the round goes on', async () => {
  const log: string[] = [];
  assert.deepEqual(await sendDueMail(fakeDeps({ log })), { sent: 2, failed: 1 });
  assert.deepEqual(log, ['start 1', 'sent 1', 'start 2', 'failed 2 (1): 451 busy', 'start 3', 'sent 3']);
});

test('a message another sender already started is skipped; a sender that lost its lease stops', async () => {
  const log: string[] = [];
  let asked = 0;
  const deps = fakeDeps({ log, startAttempt: async (id) => (log.push(`start ${id}`), id !== 1), stillSending: async () => ++asked < 3 });
  assert.deepEqual(await sendDueMail(deps), { sent: 0, failed: 1 });
  assert.deepEqual(log, ['start 1', 'start 2', 'failed 2 (1): 451 busy']);
});

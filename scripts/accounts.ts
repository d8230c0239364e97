import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, dataFiles, loadConfig } from '../lib/config';
import { hashPassword } from '../lib/password';
import { AccountInput } from '../lib/schemas';
import { userRoles } from '../lib/accounts';
import { openForScript } from '../db/open-for-script';
import { findAccount, insertAccount, listAccounts, updateDisabled, updatePassword } from '../db/accounts';

// `npm run accounts` (also `npm run moderator`, its first name): staff accounts from the command line.

const usage = `Usage:
  npm run accounts -- add EMAIL --password PASSWORD [--role ${userRoles.join('|')}] [--name NAME]
  npm run accounts -- list
  npm run accounts -- disable EMAIL
  npm run accounts -- enable EMAIL
  npm run accounts -- set-password EMAIL --password PASSWORD`;

function fail(message: string): never {
  console.error(`accounts: ${message}`);
  process.exit(1);
}

function checkPassword(password: string | undefined): string {
  const parsed = AccountInput.shape.password.safeParse(password ?? '');
  if (!parsed.success) fail(password ? parsed.error.issues[0]!.message : 'give the password with --password PASSWORD.');
  return parsed.data;
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
});
const [command, email] = positionals;
const { db, close } = await openForScript(config.database).catch((error: Error) => fail(error.message));

try {
  switch (command) {
    case 'add': {
      const parsed = AccountInput.safeParse({
        email,
        name: values.name ?? email?.split('@')[0],
        password: checkPassword(values.password),
        role: values.role ?? 'moderator',
      });
      if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message).join(' '));
      const result = await insertAccount(db, { ...parsed.data, passwordHash: await hashPassword(parsed.data.password) });
      if ('error' in result) fail(`an account for ${email} exists already.`);
      fs.rmSync(path.join(config.dataDirectory, dataFiles.setupToken), { force: true });
      console.log(`accounts: added ${parsed.data.email} as ${parsed.data.role}.`);
      break;
    }
    case 'list':
      for (const account of await listAccounts(db)) {
        console.log(`${account.email}\t${account.role}\t${account.disabled ? 'disabled' : 'active'}\t${account.name}`);
      }
      break;
    case 'disable':
    case 'enable':
      if (!email || !(await findAccount(db, email))) fail(`no account for ${email ?? '(no email given)'}.`);
      await updateDisabled(db, email, command === 'disable');
      console.log(`accounts: ${email} ${command}d${command === 'disable' ? '; its sessions have ended' : ''}.`);
      break;
    case 'set-password':
      if (!email || !(await findAccount(db, email))) fail(`no account for ${email ?? '(no email given)'}.`);
      await updatePassword(db, email, await hashPassword(checkPassword(values.password)));
      console.log(`accounts: password changed for ${email}; its sessions have ended.`);
      break;
    default:
      fail(`unknown command "${command ?? ''}".\n${usage}`);
  }
} finally {
  await close();
}

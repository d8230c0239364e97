import 'server-only';
import { loadConfig } from '@/app/_lib/config';
import { openDatabase, type Connection } from './connection';

// One handle per server process, kept on globalThis so dev reloads do not open more.
const holder = globalThis as typeof globalThis & { marginConnection?: Connection };

export function getConnection(): Connection {
  holder.marginConnection ??= openDatabase(loadConfig().databasePath);
  return holder.marginConnection;
}

export function getDb() {
  return getConnection().db;
}

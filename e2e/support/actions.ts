import fs from 'node:fs';

// Server actions called directly, as an attacker would, with the ids from the build's manifest.

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
type Manifest = { node: Record<string, ManifestEntry>; edge: Record<string, ManifestEntry> };

export type ServerAction = { id: string; file: string; name: string; paths: string[] };

/** Every action exported by these files, with each page whose bundle holds it. */
export function serverActions(files: string[]): ServerAction[] {
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as Manifest;
  return Object.entries({ ...manifest.edge, ...manifest.node })
    .filter(([, entry]) => entry.filename && files.includes(entry.filename))
    .map(([id, entry]) => ({
      id,
      file: entry.filename!,
      name: entry.exportedName!,
      paths: [...new Set(Object.keys(entry.workers).map((worker) => `/${worker.replace(/^app\//, '').replace(/\/page$/, '')}`))],
    }));
}

/** Bound arguments first, then (for a form action) the state and the form; or plain JSON arguments. */
export type ActionBody = { json: unknown[] } | { args: unknown[]; fields: Record<string, string | string[]> };

export const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3917}`;

export async function callAction(action: ServerAction, path: string, body: ActionBody, headers: Record<string, string>): Promise<number> {
  const common = { 'Next-Action': action.id, Origin: baseURL, Accept: 'text/x-component', ...headers };
  let init: RequestInit;
  if ('json' in body) {
    init = { method: 'POST', headers: { ...common, 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(body.json) };
  } else {
    const form = new FormData();
    for (const [key, value] of Object.entries(body.fields)) for (const item of [value].flat()) form.append(`_1_${key}`, item);
    form.append('0', JSON.stringify(body.args));
    init = { method: 'POST', headers: common, body: form };
  }
  const response = await fetch(baseURL + path, { ...init, redirect: 'manual' });
  const text = await response.text();
  if (process.env.DEBUG_ACTIONS) console.log(action.name, path, response.status, text.slice(-300));
  return response.status;
}

export function sessionCookieValue(stateFile: string, name: string): string {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { cookies: { name: string; value: string }[] };
  const cookie = state.cookies.find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie in ${stateFile}`);
  return cookie.value;
}

import { proveDatabaseWritable } from '@/db/queries/health';
import { loadConfig } from '@/lib/config';
import { diskSpaceProblem } from '@/lib/disk-space';
import { serverName } from '@/app/_lib/shared-invalidation';

// For a load balancer: 200 when this server can store a comment now (its database takes a write and
// its data folder's disk has room), 503 with the reason otherwise. Nothing about anyone: no query
// string is read, and the answer is never cached.

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

export async function GET() {
  const problem = diskSpaceProblem(loadConfig().dataDirectory) ?? (await databaseProblem());
  if (problem) return Response.json({ status: 'unavailable', problem }, { status: 503, headers: noStore });
  return Response.json({ status: 'ok' }, { headers: noStore });
}

async function databaseProblem(): Promise<string | null> {
  try {
    await proveDatabaseWritable(serverName());
    return null;
  } catch (error) {
    console.error('margin: /healthz: the database cannot be written:', error);
    return 'the database cannot be written';
  }
}

// Is the process that wrote a lock or a temporary file still the one running under its pid?
// A pid alone is not enough: after a crash or a reboot the number is reused. On Linux a
// process is named by its pid and its start time (/proc/PID/stat field 22, in clock ticks
// since boot), which no later process shares; elsewhere the pid alone is checked.
import { readFileSync } from 'node:fs';

/** True when a process with this pid exists (it may belong to another user). */
export function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's start time in clock ticks since boot (Linux), or undefined where it cannot be read. */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 overall; fields[0] is field 3
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** This process as a lock records it. */
export function selfIdentity(): { pid: number; startTicks: number | undefined } {
  return { pid: process.pid, startTicks: processStartTicks(process.pid) };
}

/** Whether the process recorded as (pid, startTicks) is still running. */
export function isSameProcessRunning(pid: number, startTicks: number | undefined): boolean {
  if (!pidExists(pid)) return false;
  if (startTicks === undefined) return true;
  const now = processStartTicks(pid);
  return now === undefined || now === startTicks;
}

// Is the process that wrote a lock or a temporary file still the one running under its pid?
// A pid alone is not enough: after a crash or a reboot the number is reused. On Linux a
// process is named by its pid and its start time (/proc/PID/stat field 22, in clock ticks
// since boot), which no later process shares; where only the time the file was written is
// known (a temporary file's name, an older lock), a process that started after that time
// cannot have written it. Elsewhere the pid alone is checked.
import { readFileSync } from 'node:fs';

/** /proc reports times in USER_HZ, 100 per second on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;
/** Boot time (whole seconds) and tick rounding: a start time is known to within this much. */
const START_TIME_SLACK_MS = 2000;

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

/** The boot time in ms since the epoch (Linux: /proc/stat btime), or undefined. */
function bootTimeMs(): number | undefined {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return m ? Number(m[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** When the process started, in ms since the epoch (to about a second), or undefined where it cannot be read. */
export function processStartTimeMs(pid: number): number | undefined {
  const ticks = processStartTicks(pid);
  const boot = ticks === undefined ? undefined : bootTimeMs();
  return boot === undefined || ticks === undefined ? undefined : boot + (ticks * 1000) / TICKS_PER_SECOND;
}

/** True when the process now running under `pid` started after `timeMs` (so it did not write what is dated then). */
export function startedAfter(pid: number, timeMs: number): boolean {
  const started = processStartTimeMs(pid);
  return started !== undefined && Number.isFinite(timeMs) && started > timeMs + START_TIME_SLACK_MS;
}

/** This process as a lock records it. */
export function selfIdentity(): { pid: number; startTicks: number | undefined } {
  return { pid: process.pid, startTicks: processStartTicks(process.pid) };
}

/**
 * Whether the process recorded as (pid, startTicks) is still running; without startTicks,
 * `sinceMs` (when it was known to be running) rules out a process that started later.
 */
export function isSameProcessRunning(pid: number, startTicks: number | undefined, sinceMs?: number): boolean {
  if (!pidExists(pid)) return false;
  if (startTicks === undefined) return sinceMs === undefined || !startedAfter(pid, sinceMs);
  const now = processStartTicks(pid);
  return now === undefined || now === startTicks;
}

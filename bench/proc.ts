/** Figures of local processes the benches read from /proc (Linux): CPU seconds, peak RSS, the database server. */
import { readdirSync, readFileSync } from 'fs';

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN; // the process is gone (a private server of a fault test, say): no figure rather than no run
  }
}

/** The database server's pid when it runs on this machine (mariadbd or mysqld), else null. */
export function localServerPid(): number | null {
  // The longest-running server: test suites start private, short-lived ones on the same machine.
  let best: { pid: number; start: number } | null = null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      const start = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
      if (best === null || start < best.start) best = { pid: Number(entry), start };
    } catch {
      // gone meanwhile
    }
  }
  return best?.pid ?? null;
}

/** Peak resident set size of a process in MB (VmHWM), -1 when unknown. */
export function vmHwmMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
}

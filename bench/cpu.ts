/** Who used the CPU during a measured window: the server, this load generator, and everything else. */
import { readFileSync } from 'node:fs';

/** Linux reports /proc times in clock ticks of 1/100 s on every mainstream architecture. */
const ticksPerSecond = 100;

export interface CpuShare {
  /** CPU time divided by wall time: 1.0 is one core fully busy. */
  serverCores: number;
  loadGeneratorCores: number;
  /** The rest of the machine's busy time: PostgreSQL's processes on that run, and any unrelated work. */
  otherCores: number;
}

interface Snapshot {
  wallMs: number;
  machineBusyS: number;
  serverS: number;
  selfS: number;
}

function snapshot(serverPid: number): Snapshot {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
  const busyTicks = cpu.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
  const stat = readFileSync(`/proc/${serverPid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const serverTicks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  const self = process.cpuUsage();
  return {
    wallMs: performance.now(),
    machineBusyS: busyTicks / ticksPerSecond,
    serverS: serverTicks / ticksPerSecond,
    selfS: (self.user + self.system) / 1e6,
  };
}

/** Starts watching; the returned function ends the window and gives the shares. */
export function watchCpu(serverPid: number): () => CpuShare {
  const start = snapshot(serverPid);
  return () => {
    const end = snapshot(serverPid);
    const wallS = (end.wallMs - start.wallMs) / 1000;
    const server = end.serverS - start.serverS;
    const self = end.selfS - start.selfS;
    const other = Math.max(0, end.machineBusyS - start.machineBusyS - server - self);
    return { serverCores: server / wallS, loadGeneratorCores: self / wallS, otherCores: other / wallS };
  };
}

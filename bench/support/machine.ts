import { cpus, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  memory: string;
  node: string;
  os: string;
}

/** What the figures were measured on. */
export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  const memoryBytes = totalmem();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryBytes,
    memory: `${(memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${type()} ${release()} ${process.arch}`,
  };
}

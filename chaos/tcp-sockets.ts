/**
 * TCP sockets as the kernel sees them (`ss`), for checks a process cannot make from inside:
 * whether a server has read what was sent to it, whether it let go of a connection.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface TcpSocket {
  state: string;
  /** Bytes received and not yet read by the owning process. */
  recvQ: number;
  /** Bytes written by the owning process and not yet acknowledged by the peer. */
  sendQ: number;
  local: string;
  peer: string;
}

/** Sockets matching an `ss` filter, e.g. `['sport', '=', ':4000']`; empty when `ss` is missing. */
export async function tcpSockets(filter: string[]): Promise<TcpSocket[]> {
  const { stdout } = await promisify(execFile)('ss', ['-Htn', ...filter]).catch(() => ({ stdout: '' }));
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [state, recvQ, sendQ, local, peer] = line.trim().split(/\s+/);
      return { state: state!, recvQ: Number(recvQ), sendQ: Number(sendQ), local: local!, peer: peer! };
    });
}

/**
 * Finds the peers an error message names (IPv4/IPv6/host names with a port) and whether the
 * record's host was sending to the peer or receiving from it, from the wording before it.
 */
export interface Peer {
  /** Address without port, e.g. "10.0.0.9" or "db-2.internal". */
  readonly address: string;
  readonly direction: 'send' | 'receive';
}

// IPv4 with optional port; [IPv6]:port; bare IPv6 (at least 3 groups); host.name:port.
const PEER = /(?<![\w.:-])(?:\/)?(?:(\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?|\[([0-9a-fA-F:]{2,39})\](?::\d{1,5})?|((?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4})|([a-zA-Z][\w-]*(?:\.[\w-]+)*):\d{1,5})(?![\w.:])/g;
const RECEIVE_WORDS = /\b(?:from|receiv\w*|accept\w*|incoming|by|client)\W*$/i;
const SEND_WORDS = /\b(?:to|send\w*|sent|connect\w*|upstream|request\w*|write\w*|writing|post\w*|call\w*|reach\w*)\W*$/i;
const MAX_PEERS = 4;

export function findPeers(message: string): Peer[] {
  if (message.length > 4096) message = message.slice(0, 4096);
  const peers: Peer[] = [];
  PEER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PEER.exec(message)) !== null && peers.length < MAX_PEERS) {
    const address = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (address === undefined) continue;
    if (m[1] !== undefined && !m[1].split('.').every((part) => Number(part) <= 255)) continue;
    if (m[4] !== undefined && /^(?:https?|file|ftp|line|port|at|step|phase)$/i.test(address)) continue;
    const before = message.slice(Math.max(0, m.index - 40), m.index);
    const direction = RECEIVE_WORDS.test(before) ? 'receive' : SEND_WORDS.test(before) ? 'send' : 'send';
    if (!peers.some((p) => p.address === address)) peers.push({ address, direction });
  }
  return peers;
}

// Where a key lives on the swarm ring (protocol-network.md §3): the XOR of the four big-endian
// 64-bit words of its 32 key bytes. The prefix byte is left out, so an account and a group with the
// same key bytes share a swarm.
import { pubkeyBytes } from '../storage/pubkey';

/** The swarm space (an unsigned 64-bit value) of a storage pubkey, hex or bytes (§4.2). */
export function swarmSpace(pubkey: string | Uint8Array): bigint {
  const bytes = pubkeyBytes(pubkey);
  let space = 0n;
  for (let wordStart = 1; wordStart < bytes.length; wordStart += 8) {
    let word = 0n;
    for (let offset = wordStart; offset < wordStart + 8; offset += 1) {
      word = (word << 8n) | BigInt(bytes[offset]!);
    }
    space ^= word;
  }
  return space;
}

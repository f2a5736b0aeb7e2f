// z-base-32 (the encoding of Lokinet and Oxen addresses): `get_swarm` names each node
// "<z-base-32 of its key>.snode" (protocol-network.md §3). Bits are read most significant first and
// the last group is padded with zero bits; there is no `=` padding.
const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function toZBase32(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    // Only the bits not yet written matter (at most 12), so the accumulator stays small.
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += alphabet[(buffer >> bits) & 31]!;
    }
  }
  if (bits > 0) text += alphabet[(buffer << (5 - bits)) & 31]!;
  return text;
}

// The field arithmetic that libsodium does not export: the Ed25519 point behind an X25519 key (a
// Session ID), with its sign bit lost. Groups' subaccounts (§4.9) and communities' blinded IDs (§6.3)
// both need it.

const fieldPrime = 2n ** 255n - 19n;

function littleEndianToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index -= 1) value = (value << 8n) | BigInt(bytes[index]!);
  return value;
}

function bigIntToLittleEndian(value: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let rest = value;
  for (let index = 0; index < length; index += 1) {
    bytes[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

function modularPower(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let square = base % fieldPrime;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % fieldPrime;
    square = (square * square) % fieldPrime;
  }
  return result;
}

/**
 * The Ed25519 point of a Montgomery u coordinate, y = (u − 1)/(u + 1), sign bit cleared; undefined
 * for the one u (−1) that has none. Only the sign is lost: callers that need the true key try both.
 */
export function edwardsPointOfX25519(x25519PublicKey: Uint8Array): Uint8Array | undefined {
  const u = littleEndianToBigInt(x25519PublicKey) & ((1n << 255n) - 1n);
  const denominator = (u + 1n) % fieldPrime;
  if (denominator === 0n) return undefined;
  const y = (((u - 1n + fieldPrime) % fieldPrime) * modularPower(denominator, fieldPrime - 2n)) % fieldPrime;
  return bigIntToLittleEndian(y, 32);
}

// The `pubkey` of every storage request (protocol-network.md §4.2): 66 hex characters, a prefix byte
// (05 Session ID, 03 group) and the 32 key bytes. Uppercase hex is accepted, as the server does.
import { StarlingError } from '../../errors';
import { fromHex, isHex } from '../bytes';

export const pubkeyByteLength = 33;
export const pubkeyHexLength = 66;

/** The 33 bytes of a storage pubkey given as hex, or checked as they are when given as bytes. */
export function pubkeyBytes(pubkey: string | Uint8Array): Uint8Array {
  if (typeof pubkey !== 'string') {
    if (pubkey.length !== pubkeyByteLength) {
      throw invalidPubkey(`it has ${pubkey.length} bytes instead of ${pubkeyByteLength}`);
    }
    return pubkey;
  }
  if (pubkey.length !== pubkeyHexLength) {
    throw invalidPubkey(`it has ${pubkey.length} characters instead of ${pubkeyHexLength}`);
  }
  if (!isHex(pubkey)) {
    throw invalidPubkey('it is not hexadecimal');
  }
  return fromHex(pubkey);
}

function invalidPubkey(reason: string): StarlingError<'invalidPubkey'> {
  return new StarlingError(
    'invalidPubkey',
    `This is not a valid account or group key (a prefix byte and 32 key bytes): ${reason}.`,
  );
}

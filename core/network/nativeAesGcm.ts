// AES-256-GCM of the onion layers (protocol-network.md §5.3) with node:crypto, for the engine.
// shared/ defaults to WebCrypto because it also runs in the renderer, but WebCrypto copies its input
// and returns a new buffer: two copies of a whole file per layer. node:crypto reads views: a layer
// is encrypted where it lies, and a reply decrypted into one new buffer.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AesGcm } from '../../shared/protocol/onion/hopCipher';
import { ownedBytes } from '../crypto/ownedBytes';

const tagLength = 16;
/**
 * node:crypto returns a new buffer per update call, which in-place encryption copies back and drops:
 * pieces bound each such buffer to this size (the garbage still adds up to the layer's length).
 */
const pieceBytes = 256 * 1024;

export const nativeAesGcm: AesGcm = {
  sealInPlace(key, iv, region) {
    const plaintextLength = region.length - tagLength;
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    // GCM is a stream cipher: a piece's ciphertext never runs ahead of the plaintext read, so
    // writing it back over the same bytes overwrites only what has already been encrypted.
    let written = 0;
    for (let start = 0; start < plaintextLength; start += pieceBytes) {
      const ciphertext = cipher.update(region.subarray(start, Math.min(start + pieceBytes, plaintextLength)));
      region.set(ciphertext, written);
      written += ciphertext.length;
    }
    const rest = cipher.final();
    region.set(rest, written);
    written += rest.length;
    if (written !== plaintextLength) throw new Error('AES-GCM wrote an unexpected length');
    region.set(cipher.getAuthTag(), plaintextLength);
  },

  open(key, iv, sealed) {
    if (sealed.length < tagLength) throw new RangeError('no room for a tag');
    const ciphertextLength = sealed.length - tagLength;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    decipher.setAuthTag(sealed.subarray(ciphertextLength));
    // One update: its output is the plaintext itself, handed on without a copy. Pieces copied into
    // an array would make as much garbage again, which V8 collects only once tens of MiB have piled
    // up. Nothing of it is returned before final() has checked the tag (final() throws otherwise).
    const plaintext = decipher.update(sealed.subarray(0, ciphertextLength));
    if (decipher.final().length !== 0 || plaintext.length !== ciphertextLength) {
      throw new Error('AES-GCM wrote an unexpected length');
    }
    return ownedBytes(plaintext);
  },
};

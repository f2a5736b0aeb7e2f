// AES-256-GCM of the onion layers (protocol-network.md §5.3) with node:crypto, for the engine.
// shared/ defaults to WebCrypto because it also runs in the renderer, but WebCrypto copies its input
// and returns a new buffer: two copies of a whole file per layer. node:crypto reads views: a layer
// is encrypted part by part into parts the next layer reads as they are, and a reply decrypted
// into one new buffer.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AesGcm } from '../../shared/protocol/onion/hopCipher';
import { ownedBytes } from '../crypto/ownedBytes';

const tagLength = 16;
/**
 * The most one update encrypts. Measured: an update over a whole 10 MB layer raises the peak by
 * about one more layer while it runs (its output is sized and settled inside node:crypto), and
 * pieces of this size keep that to a piece.
 */
const pieceBytes = 256 * 1024;

export const nativeAesGcm: AesGcm = {
  seal(key, iv, parts) {
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    // Each update's output is a part of the answer as it is: nothing is joined or copied back. GCM
    // is a stream cipher, so each piece's ciphertext has that piece's length.
    const sealed: Uint8Array[] = [];
    for (const part of parts) {
      for (let start = 0; start < part.length; start += pieceBytes) {
        const ciphertext = cipher.update(part.subarray(start, start + pieceBytes));
        if (ciphertext.length > 0) sealed.push(ciphertext);
      }
    }
    const rest = cipher.final();
    if (rest.length > 0) sealed.push(rest);
    sealed.push(cipher.getAuthTag());
    return sealed;
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

// The engine's cryptography on both implementations of the crypto interface, side by side in one
// run (issue 18): the receive bound (crypto_box_seal_open + crypto_sign_verify_detached of a 400-byte
// message), X25519, the sender key conversion, signing, and building a 3-hop onion request (both
// layer ciphers). The native one is what every Node process uses; wasm is the fallback.
import { randomBytes } from 'node:crypto';
import { loadNativeCrypto } from '../core/crypto/nativeCrypto';
import { concatBytes, toHex } from '../shared/protocol/bytes';
import type { Crypto } from '../shared/protocol/cryptoInterface';
import type { EncryptionType } from '../shared/protocol/onion/encryptionType';
import { buildOnionRequest, type OnionHop } from '../shared/protocol/onion/onionRequest';
import { switchCryptoForBenchmark } from '../shared/protocol/sodium';
import { loadWasmCrypto } from '../shared/protocol/wasmCrypto';
import { type Measurement, measure } from './measure';

const messageBytes = 400;
const runs = 5_000;
const onionRuns = 2_000;
export const implementations = [
  { name: 'wasm', load: loadWasmCrypto },
  { name: 'native', load: loadNativeCrypto },
] as const;

/** A sealed 400-byte message as a sender makes it: content ‖ sender key ‖ signature, sealed. */
function sealedMessage(sodium: Crypto, recipientPublicKey: Uint8Array) {
  const sender = sodium.crypto_sign_keypair();
  const content = randomBytes(messageBytes);
  const signature = sodium.crypto_sign_detached(
    concatBytes(content, sender.publicKey, recipientPublicKey),
    sender.privateKey,
  );
  return {
    sender,
    box: sodium.crypto_box_seal(concatBytes(content, sender.publicKey, signature), recipientPublicKey),
  };
}

function onionHop(sodium: Crypto): OnionHop {
  const keys = sodium.crypto_sign_keypair();
  return {
    ed25519PublicKey: toHex(keys.publicKey),
    x25519PublicKey: toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(keys.publicKey)),
  };
}

async function figures(sodium: Crypto): Promise<Measurement[]> {
  const label = (name: string): string => `${name} (${sodium.name})`;
  const recipient = sodium.crypto_box_keypair();
  const { sender, box } = sealedMessage(sodium, recipient.publicKey);
  const peer = sodium.crypto_box_keypair();
  const message = randomBytes(messageBytes);
  const signature = sodium.crypto_sign_detached(message, sender.privateKey);
  const openAndVerify = () => {
    const plaintext = sodium.crypto_box_seal_open(box, recipient.publicKey, recipient.privateKey);
    const signed = concatBytes(plaintext.subarray(0, messageBytes + 32), recipient.publicKey);
    if (
      !sodium.crypto_sign_verify_detached(plaintext.subarray(messageBytes + 32), signed, sender.publicKey)
    ) {
      throw new Error('the benchmark message did not verify');
    }
  };
  const path = [onionHop(sodium), onionHop(sodium), onionHop(sodium)];
  const destination = onionHop(sodium);
  const request = { method: 'retrieve', params: { pubkey: `05${toHex(randomBytes(32))}`, last_hash: '' } };
  const build = (encryptionType: EncryptionType) => () =>
    buildOnionRequest({ path, destination: { kind: 'snode', node: destination, request }, encryptionType });
  return [
    await measure(label(`seal_open + verify_detached, ${messageBytes} B`), runs, openAndVerify),
    await measure(label('X25519 (crypto_scalarmult)'), runs, () =>
      sodium.crypto_scalarmult(peer.privateKey, recipient.publicKey),
    ),
    await measure(label('ed25519_pk_to_curve25519'), runs, () =>
      sodium.crypto_sign_ed25519_pk_to_curve25519(sender.publicKey),
    ),
    await measure(label(`sign_detached, ${messageBytes} B`), runs, () =>
      sodium.crypto_sign_detached(message, sender.privateKey),
    ),
    await measure(label(`verify_detached, ${messageBytes} B`), runs, () =>
      sodium.crypto_sign_verify_detached(signature, message, sender.publicKey),
    ),
    await measure(label('build 3-hop onion request (aes-gcm)'), onionRuns, build('aes-gcm')),
    await measure(label('build 3-hop onion request (xchacha20)'), onionRuns, build('xchacha20')),
  ];
}

export async function cryptoBenchmark(): Promise<void> {
  const rows: Measurement[][] = [];
  for (const implementation of implementations) {
    // The onion builder calls loadSodium() itself: it must see the implementation being timed.
    switchCryptoForBenchmark(implementation.load);
    rows.push(await figures(await implementation.load()));
  }
  const [wasm, native] = rows as [Measurement[], Measurement[]];
  console.log('\nCrypto, wasm and native side by side (one core)');
  console.log(
    '| operation | wasm p50 (µs) | wasm p95 (µs) | wasm per second | native p50 (µs) | native p95 (µs) | native per second | native ÷ wasm |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  wasm.forEach((wasmRow, index) => {
    const nativeRow = native[index]!;
    const us = (ms: number): string => (ms * 1000).toFixed(1);
    console.log(
      `| ${wasmRow.name.replace(' (wasm)', '')} | ${us(wasmRow.p50Ms)} | ${us(wasmRow.p95Ms)} | ${Math.round(wasmRow.perSecond)} | ` +
        `${us(nativeRow.p50Ms)} | ${us(nativeRow.p95Ms)} | ${Math.round(nativeRow.perSecond)} | ` +
        `${(nativeRow.perSecond / wasmRow.perSecond).toFixed(2)}× |`,
    );
  });
  switchCryptoForBenchmark(loadNativeCrypto);
}

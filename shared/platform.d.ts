// shared/ is compiled without Node or DOM types because it runs in both. These are the few globals
// that both platforms provide and shared code relies on.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare const crypto: {
  getRandomValues<T extends Uint8Array>(array: T): T;
  readonly subtle: SubtleCrypto;
};

// WebCrypto, typed only as far as the onion hop crypto uses it (protocol-network.md §5.3):
// AES-256-GCM, which libsodium offers only with hardware AES (never in WebAssembly).
interface CryptoKey {
  readonly type: string;
}
type WebCryptoKeyAlgorithm = { name: 'AES-GCM' };
type WebCryptoKeyUsage = 'encrypt' | 'decrypt';
interface AesGcmParameters {
  name: 'AES-GCM';
  iv: Uint8Array;
}
interface SubtleCrypto {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: WebCryptoKeyAlgorithm,
    extractable: boolean,
    keyUsages: WebCryptoKeyUsage[],
  ): Promise<CryptoKey>;
  encrypt(algorithm: AesGcmParameters, key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: AesGcmParameters, key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
}

// Building an onion request for a path and reading its reply (protocol-network.md §5.4, as
// libsession's Builder and desktop's buildOnionCtxs do): the destination's blob is made first, then
// wrapped outward hop by hop, each layer with a fresh ephemeral key. Only the destination's key can
// read the reply, which passes back through the hops unchanged.
import { StarlingError } from '../../errors';
import { fromBase64 } from '../base64';
import { concatBytes, fromHex, toHex, utf8Decode, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { type EncryptionType, defaultEncryptionType } from './encryptionType';
import { type AesGcm, decryptHop, sealHop } from './hopCipher';
import { clientHopKey } from './hopKeys';
import { encodeOnionLayer } from './layer';
import { parseV4Reply, type V4Reply, type V4Request, v4RequestParts } from './v4Payload';

/** A service node on the path or at the end of it. */
export interface OnionHop {
  readonly ed25519PublicKey: string;
  readonly x25519PublicKey: string;
}

/** An HTTP server reached through the last hop (§5.2 "host"). */
export interface OnionServer {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
  readonly x25519PublicKey: string;
  /** §5.2: must start /loki/ or /oxen/ and end /lsrpc; v4 is `/oxen/v4/lsrpc`. */
  readonly target?: string;
}

/** An HTTP server's onion destination from its URL (scheme, host, port) and its X25519 key. */
export function onionServerAt(serverUrl: string, x25519PublicKey: string): OnionServer {
  const url = new URL(serverUrl);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    host: url.hostname,
    port: url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port),
    protocol,
    x25519PublicKey,
  };
}

export type OnionDestination =
  | { readonly kind: 'snode'; readonly node: OnionHop; readonly request: { method: string; params: unknown } }
  | { readonly kind: 'server'; readonly server: OnionServer; readonly request: V4Request };

export interface BuiltOnionRequest {
  /**
   * POST these, in order, to `https://<guard>/onion_req/v2`: the request in the parts it was made
   * in (the engine's transport writes them one after the other, never joined).
   */
  readonly parts: readonly Uint8Array[];
  /** The parts joined, made on first use: for tools and tests that want the request in one piece. */
  readonly payload: Uint8Array;
  /** Keeps what reading the reply needs; never sent. */
  readonly replyContext: {
    readonly encryptionType: EncryptionType;
    readonly key: Uint8Array;
    /** The AES-GCM the request was built with, so the reply is read without WebCrypto's copies. */
    readonly aesGcm?: AesGcm | undefined;
    /** The base64 decoder of a snode reply's body (megabytes in a catch-up): the platform's own. */
    readonly decodeBase64?: ((text: string) => Uint8Array) | undefined;
  };
}

async function ephemeralKeyPair(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const sodium = await loadSodium();
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  return { publicKey, secretKey: privateKey };
}

function fromKeyHex(hex: string): Uint8Array {
  const key = fromHex(hex);
  if (key.length !== 32) throw new RangeError('expected a 32-byte key in hex');
  return key;
}

// §5.2: every layer is a little-endian u32 N, N bytes, then the layer's JSON (as layer.ts encodes).
const lengthPrefixBytes = 4;
const maximumLayerLength = 0xffffffff;

/** §5.2's N, the little-endian u32 length of what `parts` make. */
function lengthPrefix(parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((total, part) => total + part.length, 0);
  if (length > maximumLayerLength) throw new RangeError('an onion layer holds at most 2^32 − 1 bytes');
  const prefix = new Uint8Array(lengthPrefixBytes);
  new DataView(prefix.buffer).setUint32(0, length, true);
  return prefix;
}

/**
 * Builds the request as parts. Wrapping layer by layer (encodeOnionLayer, then encryptHop) copied
 * the whole body about three times per hop; here a layer is never joined: its N, the parts of the
 * layer inside it and its JSON are the next hop's plaintext as they are, and each cipher answers its
 * ciphertext in parts of its own (sealHop). The body is read where it lies, and the bytes sent are
 * those of the layer-by-layer build.
 */
export async function buildOnionRequest(options: {
  readonly path: readonly OnionHop[];
  readonly destination: OnionDestination;
  readonly encryptionType?: EncryptionType;
  /** AES-GCM without copies where the platform has it (core: node:crypto); WebCrypto otherwise. */
  readonly aesGcm?: AesGcm | undefined;
  /** A native base64 decoder where the platform has one (core), with fromBase64's strictness. */
  readonly decodeBase64?: ((text: string) => Uint8Array) | undefined;
}): Promise<BuiltOnionRequest> {
  const encryptionType = options.encryptionType ?? defaultEncryptionType;
  const encTypeField = encryptionType === defaultEncryptionType ? {} : { enc_type: encryptionType };
  if (options.path.length === 0) throw new RangeError('an onion path has at least one hop');
  const { aesGcm, decodeBase64 } = options;

  // 1. The destination's plaintext (as parts, a file body among them uncopied), its key, and the
  //    routing JSON the last hop reads.
  const destinationKeys = await ephemeralKeyPair();
  const { destination } = options;
  const destinationPublicKey = fromKeyHex(
    destination.kind === 'snode' ? destination.node.x25519PublicKey : destination.server.x25519PublicKey,
  );
  const replyKey = await clientHopKey(encryptionType, destinationKeys, destinationPublicKey);
  const destinationParts =
    destination.kind === 'snode'
      ? [encodeOnionLayer(utf8Encode(JSON.stringify(destination.request)), { headers: '' })]
      : v4RequestParts(destination.request);
  let routing: Record<string, unknown> =
    destination.kind === 'snode'
      ? {
          destination: destination.node.ed25519PublicKey,
          ephemeral_key: toHex(destinationKeys.publicKey),
          ...encTypeField,
        }
      : {
          host: destination.server.host,
          target: destination.server.target ?? '/oxen/v4/lsrpc',
          method: 'POST',
          protocol: destination.server.protocol,
          port: destination.server.port,
          ephemeral_key: toHex(destinationKeys.publicKey),
          ...encTypeField,
        };

  // 2. Each hop's key and JSON, from the last hop to the guard; each hop's routing JSON names the
  //    next hop, and the guard reads only its ephemeral key (and the cipher when not the default).
  const layers: { readonly key: Uint8Array; readonly json: Uint8Array }[] = [];
  let guardJson: Record<string, unknown> = {};
  for (let index = options.path.length - 1; index >= 0; index -= 1) {
    const hop = options.path[index]!;
    const hopKeys = await ephemeralKeyPair();
    const key = await clientHopKey(encryptionType, hopKeys, fromKeyHex(hop.x25519PublicKey));
    layers.push({ key, json: utf8Encode(JSON.stringify(routing)) });
    guardJson = { ephemeral_key: toHex(hopKeys.publicKey), ...encTypeField };
    routing = { destination: hop.ed25519PublicKey, ...guardJson };
  }
  const guardJsonBytes = utf8Encode(JSON.stringify(guardJson));

  // 3. Inside out: the destination's blob, then each hop's layer N ‖ blob ‖ JSON, sealed.
  let sealed = await sealHop(encryptionType, replyKey, destinationParts, { aesGcm });
  for (const layer of layers) {
    sealed = await sealHop(encryptionType, layer.key, [lengthPrefix(sealed), ...sealed, layer.json], {
      aesGcm,
    });
  }
  // The guard's layer is the one sent in the clear, over HTTPS.
  const parts = [lengthPrefix(sealed), ...sealed, guardJsonBytes];
  let payload: Uint8Array | undefined;
  return {
    parts,
    get payload() {
      payload ??= concatBytes(...parts);
      return payload;
    },
    replyContext: { encryptionType, key: replyKey, aesGcm, decodeBase64 },
  };
}

export type OnionErrorCode = 'onionPathFailed' | 'onionReplyUnreadable';

export class OnionError extends StarlingError<OnionErrorCode> {
  /** The guard's HTTP status for a path failure; the text explains it (§5.4 "Errors before the destination"). */
  readonly status: number | undefined;

  constructor(code: OnionErrorCode, message: string, status?: number) {
    super(code, message);
    this.name = 'OnionError';
    this.status = status;
  }
}

function checkPath(status: number, body: Uint8Array): void {
  if (status !== 200) {
    let text: string;
    try {
      text = utf8Decode(body).slice(0, 300);
    } catch {
      text = `${body.length} bytes`;
    }
    throw new OnionError('onionPathFailed', `The onion path failed (${status}): ${text}`, status);
  }
}

/** The storage RPC reply of a snode destination: its inner status and its body, parsed when JSON. */
export async function readSnodeReply(
  status: number,
  body: Uint8Array,
  context: BuiltOnionRequest['replyContext'],
): Promise<{ readonly status: number; readonly body: unknown }> {
  checkPath(status, body);
  let envelope: unknown;
  try {
    const sealed = (context.decodeBase64 ?? fromBase64)(utf8Decode(body).trim());
    envelope = JSON.parse(
      utf8Decode(await decryptHop(context.encryptionType, context.key, sealed, context.aesGcm)),
    );
  } catch {
    throw new OnionError('onionReplyUnreadable', 'The reply of the onion request could not be decrypted.');
  }
  const fields = envelope as { status?: unknown; status_code?: unknown; body?: unknown };
  const innerStatus = fields.status_code ?? fields.status;
  if (typeof innerStatus !== 'number') {
    throw new OnionError('onionReplyUnreadable', 'The reply of the onion request has no status.');
  }
  if (typeof fields.body !== 'string') return { status: innerStatus, body: fields.body };
  try {
    return { status: innerStatus, body: JSON.parse(fields.body) as unknown };
  } catch {
    return { status: innerStatus, body: fields.body };
  }
}

/** The v4 reply of an HTTP server destination. */
export async function readServerReply(
  status: number,
  body: Uint8Array,
  context: BuiltOnionRequest['replyContext'],
): Promise<V4Reply> {
  checkPath(status, body);
  try {
    return parseV4Reply(await decryptHop(context.encryptionType, context.key, body, context.aesGcm));
  } catch {
    throw new OnionError('onionReplyUnreadable', 'The reply of the onion request could not be decrypted.');
  }
}

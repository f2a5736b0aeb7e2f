// A community post (protocol-messages.md §6.4): `data` is base64 of the padded Content, not
// encrypted, and `signature` signs those bytes, by the blinded key kA for a 15 sender or by the
// X25519 key (XEd25519) for an unblinded 05 sender. The server checks neither: every client must,
// and a post whose signature does not hold is dropped.
import { fromBase64, toBase64 } from '../base64';
import { fromHex } from '../bytes';
import { edwardsPointOfX25519 } from '../identity/montgomery';
import { type Content, decodeContent, encodeContent } from '../messages/codec';
import { padMessage, unpadMessage } from '../messages/sessionProtocol';
import { loadSodium } from '../sodium';
import { signBlinded, verifyBlindedSignature } from './blinding';

/** A serialized padded Content is far below this; larger `data` is refused before any work. */
const maximumDataBase64Length = 200_000;
/** 64 bytes are 88 base64 characters; a little slack for unpadded or whitespace forms. */
const maximumSignatureBase64Length = 100;

export interface CommunityPost {
  readonly data: string;
  readonly signature: string;
}

/** Our post: the padded Content and its blinded signature, as `POST /room/<t>/message` takes them. */
export async function signCommunityPost(
  content: Content,
  ed25519SecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
): Promise<CommunityPost> {
  const data = padMessage(encodeContent(content));
  return {
    data: toBase64(data),
    signature: toBase64(await signBlinded(data, ed25519SecretKey, serverPublicKey)),
  };
}

export type ReadPost =
  | {
      readonly ok: true;
      readonly content: Content;
      /** The padded bytes and the signature over them, as posted (kept for export). */
      readonly data: Uint8Array;
      readonly signature: Uint8Array;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * XEd25519 verification of a 05 sender: the Ed25519 point of their X25519 key, whose sign bit the
 * signer carries in the signature's top bit (curve25519-js, as desktop signs) or fixed at 0 (XEdDSA
 * as libsession signs); either way the rest is plain Ed25519.
 */
async function verifyUnblinded(
  signature: Uint8Array,
  message: Uint8Array,
  sessionId: string,
): Promise<boolean> {
  const point = edwardsPointOfX25519(fromHex(sessionId.slice(2)));
  if (!point || signature.length !== 64) return false;
  const signBit = signature[63]! & 0x80;
  const publicKey = point.slice();
  publicKey[31]! |= signBit;
  const plain = signature.slice();
  plain[63]! &= 0x7f;
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(plain, message, publicKey);
  } catch {
    return false;
  }
}

/** What checking a post's signature gives: the bytes its sender signed, or why it does not hold. */
export type CheckedPost =
  | { readonly ok: true; readonly data: Uint8Array; readonly signature: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/** A post from the server, checked: its sender signed these bytes, and they are a Content. */
export async function readCommunityPost(post: {
  readonly session_id?: unknown;
  readonly data?: unknown;
  readonly signature?: unknown;
}): Promise<ReadPost> {
  return contentOfPost(await checkCommunityPost(post));
}

/**
 * The first step of `readCommunityPost`, the costly one: its sender signed these bytes. It may run
 * elsewhere (a worker thread, core/workers), and `contentOfPost` reads the Content after it.
 */
export async function checkCommunityPost(post: {
  readonly session_id?: unknown;
  readonly data?: unknown;
  readonly signature?: unknown;
}): Promise<CheckedPost> {
  const { session_id: sender, data, signature } = post;
  if (typeof sender !== 'string' || !/^(05|15)[0-9a-f]{64}$/u.test(sender)) {
    return { ok: false, reason: 'a sender that is no Session ID or blinded ID' };
  }
  if (
    typeof data !== 'string' ||
    typeof signature !== 'string' ||
    data.length > maximumDataBase64Length ||
    signature.length > maximumSignatureBase64Length
  ) {
    return { ok: false, reason: 'a post without data or signature' };
  }
  let bytes: Uint8Array;
  let signatureBytes: Uint8Array;
  try {
    bytes = fromBase64(data);
    signatureBytes = fromBase64(signature);
  } catch {
    return { ok: false, reason: 'a post that is not base64' };
  }
  const verified = sender.startsWith('15')
    ? await verifyBlindedSignature(signatureBytes, bytes, fromHex(sender.slice(2)))
    : await verifyUnblinded(signatureBytes, bytes, sender);
  if (!verified) return { ok: false, reason: 'a signature that does not hold' };
  return { ok: true, data: bytes, signature: signatureBytes };
}

/** The last step of `readCommunityPost`: the signed bytes, unpadded, as a Content. */
export function contentOfPost(checked: CheckedPost): ReadPost {
  if (!checked.ok) return checked;
  try {
    return { ...checked, content: decodeContent(unpadMessage(checked.data)) };
  } catch {
    return { ok: false, reason: 'data that is no Content' };
  }
}

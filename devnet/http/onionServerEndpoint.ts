// The `/oxen/v4/lsrpc` endpoint of an HTTP server reached by onion requests (protocol-network.md
// §5.2 "host", §5.4 "Server v4"): the last hop posts the decrypted layer here, the server decrypts
// the blob with its own X25519 key, answers the v4 request, and encrypts the v4 reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromHex, isHex } from '../../shared/protocol/bytes';
import { parseEncryptionType } from '../../shared/protocol/onion/encryptionType';
import { decryptHop, encryptHop } from '../../shared/protocol/onion/hopCipher';
import { nodeHopKey, type X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import {
  encodeV4Reply,
  parseV4Request,
  type V4Reply,
  type V4Request,
} from '../../shared/protocol/onion/v4Payload';
import { parseBoundedOnionLayer, unusableEphemeralKeyText } from './boundedOnionLayer';
import { readBodyOrReply, sendReply } from './httpBody';
import { jsonLimitViolation } from './jsonLimits';

export const onionServerTargets = ['/oxen/v4/lsrpc', '/loki/v4/lsrpc'];

export type V4Handler = (request: V4Request) => Promise<V4Reply>;

export async function serveOnionV4(
  request: IncomingMessage,
  response: ServerResponse,
  serverKeys: X25519KeyPair,
  handler: V4Handler,
): Promise<void> {
  const payload = await readBodyOrReply(request, response);
  if (!payload) return;
  let layer;
  let encryptionType;
  try {
    layer = parseBoundedOnionLayer(payload);
    encryptionType = parseEncryptionType(layer.json.enc_type);
  } catch (error) {
    sendReply(response, 400, `Error parsing onion request: ${(error as Error).message}`);
    return;
  }
  const ephemeralKey = layer.json.ephemeral_key;
  if (typeof ephemeralKey !== 'string' || ephemeralKey.length !== 64 || !isHex(ephemeralKey)) {
    sendReply(response, 400, 'Error parsing onion request: missing or invalid ephemeral_key');
    return;
  }
  let key: Uint8Array;
  try {
    key = await nodeHopKey(encryptionType, serverKeys, fromHex(ephemeralKey));
  } catch {
    sendReply(response, 400, unusableEphemeralKeyText);
    return;
  }
  let plaintext: Uint8Array;
  try {
    plaintext = await decryptHop(encryptionType, key, layer.ciphertext);
  } catch {
    sendReply(response, 400, 'Invalid ciphertext');
    return;
  }
  let reply: V4Reply;
  const violation = jsonLimitViolation(v4JsonPart(plaintext));
  if (violation !== undefined) {
    reply = jsonReply(400, { error: `Invalid v4 request: ${violation}` });
  } else {
    try {
      reply = await handler(parseV4Request(plaintext));
    } catch (error) {
      reply = jsonReply(400, { error: (error as Error).message });
    }
  }
  sendReply(response, 200, await encryptHop(encryptionType, key, encodeV4Reply(reply)));
}

/**
 * The JSON part of `l<len>:<json>[<len>:<body>]e`, to be held to the limits before parsing; the body,
 * any bytes at all, is not JSON and is not scanned. A payload without that shape gives nothing here
 * and is refused by parseV4Request.
 */
function v4JsonPart(plaintext: Uint8Array): Uint8Array {
  const header = /^l(\d{1,8}):/u.exec(Buffer.from(plaintext.subarray(0, 10)).toString('latin1'));
  if (!header) return new Uint8Array(0);
  const start = header[0].length;
  return plaintext.subarray(start, start + Number(header[1]));
}

export function jsonReply(code: number, value: unknown): V4Reply {
  return {
    code,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify(value)),
  };
}

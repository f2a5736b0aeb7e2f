// Onion requests at a devnet service node (protocol-network.md §5.2–§5.4): peel this node's layer,
// then either answer as the final snode, proxy to an HTTP server, or relay to the next node.
// Errors before the destination are plain text with an HTTP status, as on the public network.
import { fromHex, isHex, utf8Encode } from '../../shared/protocol/bytes';
import { toBase64 } from '../../shared/protocol/base64';
import { type EncryptionType, parseEncryptionType } from '../../shared/protocol/onion/encryptionType';
import { decryptHop, encryptHop } from '../../shared/protocol/onion/hopCipher';
import { nodeHopKey, type X25519KeyPair } from '../../shared/protocol/onion/hopKeys';
import { encodeOnionLayer, type OnionLayer } from '../../shared/protocol/onion/layer';
import { parseBoundedOnionLayer, unusableEphemeralKeyText } from '../http/boundedOnionLayer';
import { post, RequestTimedOutError } from '../http/httpsClient';
import { parseBoundedJson } from '../http/jsonLimits';
import type { RpcReply, RpcRequest, SnodeRecord } from '../storage/rpcTypes';
import { proxyUrl } from './proxyTarget';

/** §5.1: the longest path a node relays. */
export const maximumHops = 15;
const relayTimeoutMs = 30_000;
const proxyTimeoutMs = 25_000;

export interface OnionReply {
  readonly status: number;
  readonly body: string | Uint8Array;
}

export interface OnionNode {
  readonly x25519: X25519KeyPair;
  storageRpc(request: RpcRequest): Promise<RpcReply>;
  findNode(ed25519PublicKey: string): SnodeRecord | undefined;
}

const text = (status: number, body: string): OnionReply => ({ status, body });

export async function handleOnionRequest(payload: Uint8Array, node: OnionNode): Promise<OnionReply> {
  let layer: OnionLayer;
  try {
    layer = parseBoundedOnionLayer(payload);
  } catch (error) {
    return text(400, `Error parsing onion request: ${(error as Error).message}`);
  }
  const ephemeralKey = layer.json.ephemeral_key;
  if (typeof ephemeralKey !== 'string' || ephemeralKey.length !== 64 || !isHex(ephemeralKey)) {
    return text(400, 'Error parsing onion request: missing or invalid ephemeral_key');
  }
  let encryptionType: EncryptionType;
  try {
    encryptionType = parseEncryptionType(layer.json.enc_type);
  } catch (error) {
    return text(400, `Error parsing onion request: ${(error as Error).message}`);
  }
  const hopNumber = typeof layer.json.hop_no === 'number' ? layer.json.hop_no : 0;
  if (!Number.isInteger(hopNumber) || hopNumber < 0 || hopNumber >= maximumHops) {
    return text(400, 'onion request max path length exceeded');
  }

  let key: Uint8Array;
  try {
    key = await nodeHopKey(encryptionType, node.x25519, fromHex(ephemeralKey));
  } catch {
    return text(400, unusableEphemeralKeyText);
  }
  let plaintext: Uint8Array;
  try {
    plaintext = await decryptHop(encryptionType, key, layer.ciphertext);
  } catch {
    return text(400, 'Invalid ciphertext');
  }
  // From here on this node can answer the client privately, with the key of this layer.
  const encrypted = async (status: number, body: string): Promise<OnionReply> => ({
    status: 200,
    body: toBase64(await encryptHop(encryptionType, key, utf8Encode(JSON.stringify({ status, body })))),
  });

  let inner: OnionLayer;
  try {
    inner = parseBoundedOnionLayer(plaintext);
  } catch {
    return encrypted(400, 'Invalid json');
  }
  if ('headers' in inner.json) {
    return answerAsDestination(inner, node, encryptionType, key);
  }
  if ('host' in inner.json) {
    return proxyToServer(plaintext, inner, encrypted);
  }
  return relay(inner, hopNumber, node, encrypted);
}

async function answerAsDestination(
  inner: OnionLayer,
  node: OnionNode,
  encryptionType: EncryptionType,
  key: Uint8Array,
): Promise<OnionReply> {
  let reply: RpcReply;
  const parsed = parseBoundedJson(inner.ciphertext);
  if ('error' in parsed) {
    reply = { status: 400, body: `invalid request: ${parsed.error}` };
  } else {
    const request = parsed.value;
    reply =
      typeof request !== 'object' || request === null || typeof (request as RpcRequest).method !== 'string'
        ? { status: 400, body: 'invalid request: expected {"method", "params"}' }
        : await node.storageRpc(request as RpcRequest);
  }
  // §5.4: the RPC reply goes inside {"status", "body"}, the body as a JSON string unless "json":true.
  const body =
    typeof reply.body === 'string' || inner.json.json === true ? reply.body : JSON.stringify(reply.body);
  const sealed = await encryptHop(
    encryptionType,
    key,
    utf8Encode(JSON.stringify({ status: reply.status, body })),
  );
  return { status: 200, body: inner.json.base64 === false ? sealed : toBase64(sealed) };
}

async function proxyToServer(
  plaintext: Uint8Array,
  inner: OnionLayer,
  encrypted: (status: number, body: string) => Promise<OnionReply>,
): Promise<OnionReply> {
  const destination = proxyUrl(inner.json);
  if ('refused' in destination) return encrypted(400, `Invalid url${destination.refused}`);
  try {
    const reply = await post(destination.url, plaintext, {
      contentType: 'application/octet-stream',
      timeoutMs: proxyTimeoutMs,
    });
    return { status: reply.status, body: new Uint8Array(reply.body) };
  } catch (error) {
    return error instanceof RequestTimedOutError
      ? text(504, 'Request time out')
      : text(502, `Failed to reach ${new URL(destination.url).host}: ${(error as Error).message}`);
  }
}

async function relay(
  inner: OnionLayer,
  hopNumber: number,
  node: OnionNode,
  encrypted: (status: number, body: string) => Promise<OnionReply>,
): Promise<OnionReply> {
  const { destination, ephemeral_key: nextKey } = inner.json;
  if (typeof destination !== 'string' || typeof nextKey !== 'string') {
    return encrypted(400, 'Invalid json: a relay layer needs destination and ephemeral_key');
  }
  const next = node.findNode(destination.toLowerCase());
  if (!next) {
    return text(502, `Next node not found: ${destination}`);
  }
  // The next layer's cipher is whatever the client wrote for it (aes-gcm when absent, §5.2).
  const forwarded = encodeOnionLayer(inner.ciphertext, {
    ephemeral_key: nextKey,
    ...(inner.json.enc_type === undefined ? {} : { enc_type: inner.json.enc_type }),
    hop_no: hopNumber + 1,
  });
  try {
    const reply = await post(`https://${next.ip}:${next.port}/onion_req/v2`, forwarded, {
      contentType: 'application/octet-stream',
      timeoutMs: relayTimeoutMs,
    });
    const isText = reply.contentType.startsWith('text/') || reply.contentType.startsWith('application/json');
    return { status: reply.status, body: isText ? reply.body.toString('utf8') : new Uint8Array(reply.body) };
  } catch (error) {
    // An unreachable next hop looks to the client like a node that left the network.
    return error instanceof RequestTimedOutError
      ? text(504, 'Request time out')
      : text(502, `Next node not found: ${next.ed25519PublicKey}`);
  }
}

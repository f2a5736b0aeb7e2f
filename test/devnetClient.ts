// A small client for tests that talk to a devnet the way Session clients do: direct storage RPC,
// onion requests through a path, and the seed's JSON-RPC. (The engine's own network client lives
// in core/network; these tests check the servers, so they build requests by hand.)
import { post } from '../devnet/http/httpsClient';
import type { SnodeRecord } from '../devnet/storage/rpcTypes';
import type { EncryptionType } from '../shared/protocol/onion/encryptionType';
import { buildOnionRequest, readServerReply, readSnodeReply } from '../shared/protocol/onion/onionRequest';
import type { V4Reply, V4Request } from '../shared/protocol/onion/v4Payload';

export interface JsonReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
  readonly text: string;
}

function parse(reply: { status: number; contentType: string; body: Buffer }): JsonReply {
  const text = reply.body.toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain-text replies stay text
  }
  return { status: reply.status, contentType: reply.contentType, body, text };
}

export async function postRaw(
  url: string,
  body: Uint8Array | string,
  contentType = 'application/json',
  timeoutMs = 10_000,
): Promise<JsonReply> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return parse(await post(url, bytes, { contentType, timeoutMs }));
}

export function nodeUrl(node: SnodeRecord, path = '/storage_rpc/v1'): string {
  return `https://${node.ip}:${node.port}${path}`;
}

export async function rpc(
  node: SnodeRecord,
  method: string,
  params: unknown,
  timeoutMs?: number,
): Promise<JsonReply> {
  return postRaw(nodeUrl(node), JSON.stringify({ method, params }), 'application/json', timeoutMs);
}

export async function onionRpc(
  path: readonly SnodeRecord[],
  target: SnodeRecord,
  request: { method: string; params: unknown },
  encryptionType?: EncryptionType,
): Promise<{ readonly status: number; readonly body: unknown }> {
  const built = await buildOnionRequest({
    path,
    destination: { kind: 'snode', node: target, request },
    ...(encryptionType ? { encryptionType } : {}),
  });
  const reply = await post(nodeUrl(path[0]!, '/onion_req/v2'), built.payload, {
    contentType: 'application/octet-stream',
    timeoutMs: 15_000,
  });
  return readSnodeReply(reply.status, new Uint8Array(reply.body), built.replyContext);
}

export async function onionServer(
  path: readonly SnodeRecord[],
  server: { url: string; x25519PublicKey: string },
  request: V4Request,
  encryptionType?: EncryptionType,
): Promise<V4Reply> {
  const url = new URL(server.url);
  const built = await buildOnionRequest({
    path,
    destination: {
      kind: 'server',
      server: {
        host: url.hostname,
        port: Number(url.port),
        protocol: url.protocol === 'https:' ? 'https' : 'http',
        x25519PublicKey: server.x25519PublicKey,
      },
      request,
    },
    ...(encryptionType ? { encryptionType } : {}),
  });
  const reply = await post(nodeUrl(path[0]!, '/onion_req/v2'), built.payload, {
    contentType: 'application/octet-stream',
    timeoutMs: 15_000,
  });
  return readServerReply(reply.status, new Uint8Array(reply.body), built.replyContext);
}

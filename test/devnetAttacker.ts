// What tests need to attack a devnet as someone on the same machine could: onion layers built by
// hand (with any routing JSON, and the hop key kept so the node's encrypted answer can be read),
// a loopback HTTP server that records what reaches it, and the nodes' own keys, read from the
// devnet's directory, to sign as a node would.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { post } from '../devnet/http/httpsClient';
import type { SnodeRecord } from '../devnet/storage/rpcTypes';
import { fromBase64 } from '../shared/protocol/base64';
import { fromHex, toHex, utf8Decode } from '../shared/protocol/bytes';
import { decryptHop, encryptHop } from '../shared/protocol/onion/hopCipher';
import { clientHopKey } from '../shared/protocol/onion/hopKeys';
import { encodeOnionLayer } from '../shared/protocol/onion/layer';
import { loadSodium } from '../shared/protocol/sodium';
import { nodeUrl } from './devnetClient';

export interface OnionAnswer {
  /** The guard's HTTP status: 200 when the node answered inside the encryption. */
  readonly status: number;
  readonly text: string;
  /** The node's encrypted `{status, body}`, when it sent one. */
  readonly sealed?: { readonly status: number; readonly body: unknown };
}

/**
 * Sends one layer to `node` whose decrypted content is `[u32 N][inner][routing JSON]`, as the last
 * hop of a path would receive it; the answer is decrypted with the layer key when it can be.
 */
export async function sendOneLayer(
  node: SnodeRecord,
  routing: Record<string, unknown>,
  inner: Uint8Array = new Uint8Array(40),
): Promise<OnionAnswer> {
  const sodium = await loadSodium();
  const ephemeral = sodium.crypto_box_keypair();
  const keys = { publicKey: ephemeral.publicKey, secretKey: ephemeral.privateKey };
  const key = await clientHopKey('aes-gcm', keys, fromHex(node.x25519PublicKey));
  const blob = await encryptHop('aes-gcm', key, encodeOnionLayer(inner, routing));
  const payload = encodeOnionLayer(blob, { ephemeral_key: toHex(ephemeral.publicKey) });
  const reply = await post(nodeUrl(node, '/onion_req/v2'), payload, {
    contentType: 'application/octet-stream',
    timeoutMs: 30_000,
  });
  const text = reply.body.toString('utf8');
  if (reply.status !== 200) return { status: reply.status, text };
  try {
    const sealed = JSON.parse(utf8Decode(await decryptHop('aes-gcm', key, fromBase64(text.trim())))) as {
      status: number;
      body: unknown;
    };
    return { status: reply.status, text, sealed };
  } catch {
    return { status: reply.status, text };
  }
}

/** An HTTP server on 127.0.0.1 that answers every request and records its method and raw path. */
export async function startRecordingServer(): Promise<{
  readonly port: number;
  readonly requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    request.resume();
    response.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every node's libsodium Ed25519 secret key, in the order of `devnet.nodes`, from DIR/devnet.json. */
export async function nodeSecretKeys(directory: string): Promise<Uint8Array[]> {
  const state = JSON.parse(await readFile(path.join(directory, 'devnet.json'), 'utf8')) as {
    nodes: { ed25519Seed: string }[];
  };
  const sodium = await loadSodium();
  return state.nodes.map((node) => sodium.crypto_sign_seed_keypair(fromHex(node.ed25519Seed)).privateKey);
}

/** Objects nested `depth` levels deep, built without recursion. */
export function nestedObject(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { inner: value };
  return value;
}

// Which Session network to join (protocol-network.md §1): the public mainnet with its pinned seeds,
// the testnet, or a network file such as devnet's DIR/network.json.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StarlingError } from '../../shared/errors';
import type { FileServer } from '../../shared/protocol/attachments/fileServerUrl';

export interface SeedPins {
  /** base64(SHA-256(DER SubjectPublicKeyInfo)) of the seed's certificate. */
  readonly publicKeySha256: string;
  /** The certificate's SHA-256 fingerprint, colon-separated uppercase hex. */
  readonly certificateSha256: string;
}

export interface NetworkDescription {
  readonly name: string;
  readonly seeds: readonly { readonly url: string; readonly pins?: SeedPins | undefined }[];
  readonly httpServers?: readonly {
    readonly name: string;
    readonly url: string;
    readonly x25519PublicKey: string;
  }[];
  /**
   * File servers of this network (protocol-messages.md §5.2), the first taking uploads; without
   * any, the public default (filev2.getsession.org).
   */
  readonly fileServers?: readonly FileServer[];
  /**
   * Open group servers of this network (protocol-messages.md §6.1), e.g. devnet's: the server's
   * URL (scheme, host, port), its X25519 `public_key`, and the tokens of its rooms.
   */
  readonly communityServers?: readonly CommunityServerDescription[];
}

export interface CommunityServerDescription {
  readonly url: string;
  readonly publicKey: string;
  readonly rooms: readonly string[];
}

export const mainnet: NetworkDescription = {
  name: 'mainnet',
  seeds: [
    {
      url: 'https://seed1.getsession.org:4443/',
      pins: {
        publicKeySha256: 'mlYTXvkmIEYcpswANTpnBwlz9Cswi0py/RQKkbdQOZQ=',
        certificateSha256:
          '36:EA:0B:25:35:37:98:85:51:EE:85:6E:4F:D2:0D:55:01:1E:9C:8B:27:EA:A2:F3:4B:8F:32:A0:BD:F0:4F:2D',
      },
    },
    {
      url: 'https://seed2.getsession.org:4443/',
      pins: {
        publicKeySha256: 'ZuUxe4wopBR83Yy5fePPNX0c00BnkQCu/49oapFpB0k=',
        certificateSha256:
          'C5:90:8D:D4:13:9A:CD:96:AE:DD:1E:45:57:65:97:65:08:09:C8:A5:EA:02:AF:55:6D:48:53:D4:53:96:E0:E7',
      },
    },
    {
      url: 'https://seed3.getsession.org:4443/',
      pins: {
        publicKeySha256: '4xe+8k1NjxerVTjUsWlZJNKt3PA7Y31pUls2tHYippA=',
        certificateSha256:
          '8A:0A:F2:C7:12:34:2F:22:CE:00:E5:3C:16:01:41:0E:F8:D8:41:56:AE:E0:A9:80:9C:32:F6:F7:EF:BE:55:6E',
      },
    },
  ],
};

export const testnet: NetworkDescription = {
  name: 'testnet',
  seeds: [{ url: 'http://seed2.getsession.org:38157/' }],
};

const networkFileSchema = z.object({
  name: z.string().min(1),
  seeds: z
    .array(
      z.object({
        url: z.string().regex(/^https?:\/\//u, 'a seed URL starts with http:// or https://'),
        pins: z.object({ publicKeySha256: z.string(), certificateSha256: z.string() }).optional(),
      }),
    )
    .min(1),
  httpServers: z
    .array(
      z.object({ name: z.string(), url: z.string(), x25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/u) }),
    )
    .optional(),
  fileServers: z
    .array(
      z.object({
        url: z
          .string()
          .regex(/^https?:\/\/[^/?#]+$/u, 'a file server URL is a scheme, a host and a port, no path'),
        ed25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/u),
        x25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/u),
      }),
    )
    .optional(),
  communityServers: z
    .array(
      z.object({
        url: z
          .string()
          .regex(/^https?:\/\/[^/?#]+$/u, 'a community server URL is a scheme, a host and a port, no path'),
        publicKey: z.string().regex(/^[0-9a-f]{64}$/u, 'a public key is 64 lower-case hex digits'),
        // §6.1: the desktop's rule for a room token.
        rooms: z.array(z.string().regex(/^[0-9a-zA-Z_-]{1,64}$/u, 'a room token is 1–64 of [0-9a-zA-Z_-]')),
      }),
    )
    .optional(),
});

export class NetworkDescriptionError extends StarlingError<'networkFileMissing' | 'networkFileInvalid'> {}

/** `mainnet`, `testnet`, or the path of a network file. */
export async function loadNetwork(specification: string, cwd = process.cwd()): Promise<NetworkDescription> {
  if (specification === 'mainnet') return mainnet;
  if (specification === 'testnet') return testnet;
  const file = path.resolve(cwd, specification);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NetworkDescriptionError(
      'networkFileMissing',
      `Cannot read the network file ${specification}: give “mainnet”, “testnet” or the path of a network.json.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NetworkDescriptionError('networkFileInvalid', `${specification} is not valid JSON.`);
  }
  const result = networkFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new NetworkDescriptionError(
      'networkFileInvalid',
      `${specification} is not a network description${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}.`,
    );
  }
  return result.data;
}

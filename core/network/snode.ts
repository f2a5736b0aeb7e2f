// A service node as the engine knows it: where to reach it and the keys onion requests use
// (protocol-network.md §2: desktop's Snode type).
import type { OnionHop } from '../../shared/protocol/onion/onionRequest';

export interface Snode extends OnionHop {
  readonly ip: string;
  /** The HTTPS storage port. */
  readonly port: number;
}

export function snodeUrl(snode: Snode, path: string): string {
  return `https://${snode.ip}:${snode.port}${path}`;
}

/** Short and safe for logs: node keys are public, but a full key makes lines unreadable. */
export function describeSnode(snode: Snode): string {
  return `${snode.ed25519PublicKey.slice(0, 8)}@${snode.ip}:${snode.port}`;
}

/** §5.1: non-guard hops are picked one per /24 subnet. */
export function subnetOf(snode: Snode): string {
  return snode.ip.split('.').slice(0, 3).join('.');
}

const keyPattern = /^[0-9a-f]{64}$/u;

/** Reads one `service_node_states` entry (§1), or undefined for an unusable one. */
export function snodeFromState(state: unknown): Snode | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const entry = state as Record<string, unknown>;
  const { public_ip: ip, storage_port: port, pubkey_ed25519: ed25519, pubkey_x25519: x25519 } = entry;
  // §1: entries with an empty or 0.0.0.0 address are dropped.
  if (typeof ip !== 'string' || ip === '' || ip === '0.0.0.0' || !/^\d{1,3}(\.\d{1,3}){3}$/u.test(ip))
    return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (typeof ed25519 !== 'string' || !keyPattern.test(ed25519)) return undefined;
  if (typeof x25519 !== 'string' || !keyPattern.test(x25519)) return undefined;
  return { ip, port, ed25519PublicKey: ed25519, x25519PublicKey: x25519 };
}

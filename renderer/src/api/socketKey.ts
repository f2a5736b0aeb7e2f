// The headless host's socket key (shared/contract/socketProtocol.ts): it arrives once in the
// address's fragment after the link's token was traded, is taken out of the address bar, and is
// kept in this origin's storage — which, unlike cookies, no other port of 127.0.0.1 can read — so
// that reloads and other tabs of the same host have it too. A tab that opens the host's new link
// after a restart stores the new key, and the tabs already open pick it up when they reconnect.
import { socketKeyFragment, socketKeyProtocolPrefix } from '../../../shared/contract/socketProtocol';

const storageName = socketKeyFragment;
/** Where the key lives when the browser refuses storage (a private window's quota, a policy). */
let keyInMemory: string | null = null;

function takeKeyFromAddress(): void {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/u, ''));
  const key = fragment.get(socketKeyFragment);
  if (key === null) return;
  keyInMemory = key;
  try {
    window.localStorage.setItem(storageName, key);
  } catch {
    // kept in memory only
  }
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
}

function storedKey(): string | null {
  try {
    return window.localStorage.getItem(storageName) ?? keyInMemory;
  } catch {
    return keyInMemory;
  }
}

/** The subprotocols to offer when opening the API socket: the key, if this page has one. */
export function socketKeyProtocols(): string[] {
  takeKeyFromAddress();
  const key = storedKey();
  return key === null ? [] : [`${socketKeyProtocolPrefix}${key}`];
}

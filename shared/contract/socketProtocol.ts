// ClientApi over a WebSocket (the headless host, `starling serve`): JSON text frames. The UI sends
// calls; the host answers each with its id, and pushes events without one.
import { z } from 'zod';
import type { ClientEventName, ClientEvents } from './clientEvents';
import type { ClientReply } from './clientApi';

/** UI → host. The request itself is checked by the method's own schema (validateRequest). */
export const socketCall = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  request: z.unknown().optional(),
});

export type SocketCall = z.infer<typeof socketCall>;

/** Host → UI: the answer to call `id`. */
export type SocketReply = ClientReply<unknown> & { readonly id: number };

/** Host → UI: an event. */
export interface SocketEvent<Name extends ClientEventName = ClientEventName> {
  readonly event: Name;
  readonly payload: ClientEvents[Name];
}

/** The path of the WebSocket on the host, beside the UI's files. */
export const socketPath = '/api';
/** The query parameter, and the cookie, that carry the per-launch token. */
export const tokenParameter = 'token';

/**
 * The socket key: a second per-launch secret that the host hands to its page in the fragment of the
 * exchange's redirect (`#starling-key=…`), which browsers never send to any server. The page keeps
 * it in its own storage (scoped to this host's origin, port included) and offers it as a WebSocket
 * subprotocol `starling.<key>`. Cookies are not: every server on 127.0.0.1 receives them, so the
 * cookie alone must not open the API.
 */
export const socketKeyFragment = 'starling-key';
export const socketKeyProtocolPrefix = 'starling.';

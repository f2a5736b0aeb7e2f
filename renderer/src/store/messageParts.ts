// A text too long for one message goes as several (#17 item 5; split by
// shared/contract/messageLength.ts): here they are sent in order.
import { sendMessage } from './actions';

/**
 * Sends a text too long for one message as `parts`, one after the other so that they arrive in
 * order; the quote and the files go with the first. Stops at the first that could not be sent
 * (the notice says why); returns how many went.
 */
export async function sendMessageParts(
  conversationId: string,
  parts: readonly string[],
  quoteMessageId?: number,
  attachments: readonly string[] = [],
): Promise<number> {
  for (const [index, part] of parts.entries()) {
    const first = index === 0;
    const sent = await sendMessage(
      conversationId,
      part,
      first ? quoteMessageId : undefined,
      first ? attachments : [],
    );
    if (!sent) return index;
  }
  return parts.length;
}

// Typing indicators (protocol-messages.md §2.3 TypingMessage), one-to-one only as desktop sends them:
// ours are sent straight to the swarm, never kept or retried, since they are stale in seconds (TTL
// 20 s); theirs are shown until they say they stopped, write, or stop refreshing them.
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { wrapOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import type { Logger } from '../logging/logger';
import type { SessionNetwork } from '../network/sessionNetwork';
import { storeMessage } from '../network/storeMessage';
import { typingContent, typingTtlMs } from './outgoingContent';

/** A typing indicator the other side stopped refreshing is cleared after this long (its TTL). */
const typingTimeoutMs = typingTtlMs;

export class TypingIndicators {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly options: {
      readonly network: SessionNetwork;
      readonly keys: IdentityKeys;
      readonly logger: Logger;
      readonly nextSentAt: () => number;
      readonly changed: (conversationId: string, typing: boolean) => void;
    },
  ) {}

  /** Tells the other party we started or stopped typing; false when it could not be stored. */
  async send(conversationId: string, typing: boolean): Promise<boolean> {
    const sentAt = this.options.nextSentAt();
    try {
      const data = await wrapOneToOneMessage(
        { content: typingContent(typing, sentAt), recipientSessionId: conversationId, timestampMs: sentAt },
        this.options.keys,
      );
      await storeMessage(this.options.network, {
        pubkey: conversationId,
        namespace: 0,
        data,
        ttlMs: typingTtlMs,
      });
      return true;
    } catch (error) {
      this.options.logger.debug(`typing indicator not sent: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * The other party started or stopped typing (or wrote: stopped): told at once, and "stopped" by
   * itself after 20 s. A "stopped" for an indicator not shown is not told again: every message
   * received says it.
   */
  received(conversationId: string, typing: boolean): void {
    const shown = this.timers.has(conversationId);
    clearTimeout(this.timers.get(conversationId));
    this.timers.delete(conversationId);
    if (typing || shown) this.options.changed(conversationId, typing);
    if (typing) {
      const timer = setTimeout(() => this.received(conversationId, false), typingTimeoutMs);
      timer.unref();
      this.timers.set(conversationId, timer);
    }
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

// A room's history, paged back from its server (protocol-messages.md §6.5 `messages/before/<id>`,
// which desktop never asks for): the page before the oldest post kept here, newest first, applied
// as the poller's are (verified, one transaction) but as history — read, not notified. Posts are
// known by their server ID, so a page that overlaps what is here adds nothing twice; the oldest ID
// only moves back, so no page is skipped. A page shorter than asked means the room's start.
import type { ReceiveOutcome } from '../messaging/receivePipeline';
import { emptyReceiveOutcome } from '../messaging/receivePipeline';
import { MessengerError } from '../messaging/messengerError';
import { readRoomUpdates } from '../../shared/protocol/community/roomUpdates';
import type { CommunityRepository } from '../store/communityRepository';
import { CommunityError, type CommunityClient } from './communityClient';
import { pageSize, reactorsPerReaction } from './communityPoller';
import { serverOf } from './communityPosts';
import type { CommunityReceiver } from './communityReceiver';

export interface OlderPage {
  /** Messages new here. */
  readonly added: number;
  /** The room's history is here from its first message. */
  readonly complete: boolean;
}

export class CommunityHistory {
  /** One page at a time per room: a second call meanwhile waits for the same page. */
  private readonly loading = new Map<string, Promise<OlderPage>>();

  constructor(
    private readonly options: {
      readonly client: CommunityClient;
      readonly repository: CommunityRepository;
      readonly receiver: CommunityReceiver;
      readonly ownIdOf: (publicKey: Uint8Array) => Promise<string>;
      /** A room not polled yet has no oldest post: its first poll brings the newest page. */
      readonly pollNow: (conversationId: string) => Promise<void>;
      readonly applied: (outcome: ReceiveOutcome) => void;
    },
  ) {}

  loadOlder(conversationId: string): Promise<OlderPage> {
    let page = this.loading.get(conversationId);
    if (!page) {
      page = this.fetch(conversationId).finally(() => this.loading.delete(conversationId));
      this.loading.set(conversationId, page);
    }
    return page;
  }

  private async fetch(conversationId: string): Promise<OlderPage> {
    const { repository } = this.options;
    let room = repository.get(conversationId);
    if (!room) throw new MessengerError('conversationMissing', 'You are not in this community.');
    if (room.oldestId === null) {
      await this.options.pollNow(conversationId);
      room = repository.get(conversationId);
      if (!room) throw new MessengerError('conversationMissing', 'You are not in this community.');
      if (room.oldestId === null) {
        throw new CommunityError(
          'communityReplyInvalid',
          'The community has not shown this room yet: try again in a moment.',
        );
      }
    }
    if (room.historyComplete) return { added: 0, complete: true };
    const reply = await this.options.client.send(
      serverOf(room),
      {
        method: 'GET',
        path: `/room/${encodeURIComponent(room.room)}/messages/before/${room.oldestId}?limit=${pageSize}&reactors=${reactorsPerReaction}`,
      },
      'older messages',
    );
    const received = readRoomUpdates(reply.body);
    if (received === undefined) {
      throw new CommunityError('communityReplyInvalid', 'The community answered with something else.');
    }
    // Only what is older than asked for: a page reaching forward would move nothing back.
    const page = received.filter((update) => update.id < room.oldestId!);
    const checked = await this.options.receiver.check(page);
    const ownId = await this.options.ownIdOf(room.publicKey);
    const outcome = emptyReceiveOutcome();
    const complete = received.length < pageSize;
    repository.transaction(() => {
      const current = repository.get(conversationId);
      // Left while the page was on its way.
      if (!current) return;
      this.options.receiver.apply(current, ownId, checked, outcome, { history: true });
      const oldest = page.reduce((lowest, update) => Math.min(lowest, update.id), current.oldestId ?? 0);
      repository.setOldest(conversationId, oldest, complete || page.length === 0);
    });
    this.options.applied(outcome);
    return { added: outcome.added.length, complete: complete || page.length === 0 };
  }
}

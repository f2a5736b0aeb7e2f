// Conversation IDs name their kind (design.md "Conversation kinds"): a person's `05…` Session ID or
// a closed group's `03…` ID (protocol-config-groups.md §6.1: "03" + the group's Ed25519 public key).
import { checkSessionId, sessionIdLength, type SessionIdCheck } from './sessionId';

export const groupPrefix = '03';

export type ConversationKind = 'direct' | 'group';

/** The kind a conversation ID names: `05…` a person, `03…` a groups v2 group. */
export function conversationKindOf(conversationId: string): ConversationKind {
  return conversationId.startsWith(groupPrefix) ? 'group' : 'direct';
}

export function isGroupId(input: string): boolean {
  return /^03[0-9a-f]{64}$/u.test(input);
}

export type GroupIdCheck =
  { readonly ok: true; readonly groupId: string } | { readonly ok: false; readonly message: string };

/** Checks a group ID typed or pasted: spaces ignored, capitals accepted, the canonical form returned. */
export function checkGroupId(input: string): GroupIdCheck {
  const text = input.replace(/\s+/gu, '').toLowerCase();
  if (text.length === 0) return { ok: false, message: 'Enter a group ID.' };
  if (!/^[0-9a-f]*$/u.test(text)) {
    return { ok: false, message: 'A group ID contains only the digits 0–9 and the letters a–f.' };
  }
  if (!text.startsWith(groupPrefix)) {
    return {
      ok: false,
      message: text.startsWith('05')
        ? 'This is the Session ID of a person, not of a group.'
        : `A group ID starts with 03, not ${text.slice(0, 2)}.`,
    };
  }
  if (text.length !== sessionIdLength) {
    return { ok: false, message: `A group ID has 66 characters; this one has ${text.length}.` };
  }
  return { ok: true, groupId: text };
}

/** A person's Session ID or a group's ID, canonical; refused in the words of the kind it looks like. */
export function checkConversationId(input: string): SessionIdCheck {
  const text = input.replace(/\s+/gu, '');
  if (!text.toLowerCase().startsWith(groupPrefix)) return checkSessionId(input);
  const group = checkGroupId(text);
  return group.ok
    ? { ok: true, sessionId: group.groupId }
    : { ok: false, code: 'length', message: group.message };
}

/** Group IDs for the command line and the engine's own checks. */
export function groupPublicKeyHex(groupId: string): string {
  if (!isGroupId(groupId)) throw new RangeError('a group ID is 03 followed by 64 hexadecimal digits');
  return groupId.slice(2);
}

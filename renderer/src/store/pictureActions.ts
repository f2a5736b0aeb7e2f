// Profile pictures in the UI: whose picture is known (by a token that changes with it), the
// picture's bytes as a blob: URL fetched once per token, and choosing or removing the account's own.
import { useEffect, useState } from 'react';
import type { ClientRequest } from '../../../shared/contract/clientApi';
import { fromBase64, toBase64 } from '../../../shared/contract/pureHelpers';
import { apiForScreens as api, attempt } from './actions';
import { type AppState, getState, setState, useAppStore } from './store';

/** The token of someone's picture, the newest the UI heard of; undefined when they have none. */
export function pictureTokenOf(state: AppState, sessionId: string): string | undefined {
  if (sessionId in state.pictures) return state.pictures[sessionId] ?? undefined;
  if (state.account?.sessionId === sessionId) return state.account.picture;
  const conversation = state.conversations[sessionId];
  if (conversation) return conversation.picture;
  // Someone met only in a group: the group's member list knows their picture.
  for (const group of Object.values(state.groups)) {
    const member = group.members.find((candidate) => candidate.sessionId === sessionId);
    if (member) return member.picture;
  }
  return undefined;
}

/** Pictures are small (600 px at most), but a long list of people need not keep them all. */
const cachedPictures = 100;
const urls = new Map<string, Promise<string | undefined>>();

/** A blob: URL of someone's picture as of `token`; fetched once, undefined when it cannot be had. */
export function profilePictureUrl(sessionId: string, token: string): Promise<string | undefined> {
  const key = `${sessionId}:${token}`;
  const cached = urls.get(key);
  if (cached) {
    urls.delete(key);
    urls.set(key, cached);
    return cached;
  }
  // No notice when it fails: the initials stand in, as they do before a picture arrives.
  const loading = api()
    .getProfilePicture({ sessionId })
    .then((picture) =>
      URL.createObjectURL(
        new Blob([fromBase64(picture.dataBase64) as Uint8Array<ArrayBuffer>], { type: picture.contentType }),
      ),
    )
    .catch(() => undefined);
  urls.set(key, loading);
  void loading.then((url) => url === undefined && urls.delete(key));
  while (urls.size > cachedPictures) {
    const [oldest, url] = urls.entries().next().value as [string, Promise<string | undefined>];
    urls.delete(oldest);
    void url.then((value) => value && URL.revokeObjectURL(value));
  }
  return loading;
}

/** The URL of someone's picture to show, once fetched; undefined while there is none to show. */
export function useProfilePicture(sessionId: string): string | undefined {
  const token = useAppStore((state) => pictureTokenOf(state, sessionId));
  const [shown, setShown] = useState<{ key: string; url: string | undefined }>();
  const key = token === undefined ? undefined : `${sessionId}:${token}`;
  useEffect(() => {
    if (token === undefined) return;
    let current = true;
    void profilePictureUrl(sessionId, token).then((url) => {
      if (current) setShown({ key: `${sessionId}:${token}`, url });
    });
    return () => {
      current = false;
    };
  }, [sessionId, token]);
  return shown?.key === key ? shown?.url : undefined;
}

function ownPictureChanged(account: AppState['account']): void {
  if (!account) return;
  const { [account.sessionId]: _told, ...pictures } = getState().pictures;
  setState({ account, pictures });
}

/** Sets the account's picture from a file and the square framed in it; false when it failed (told). */
export async function chooseProfilePicture(
  file: Blob,
  crop: NonNullable<ClientRequest<'setProfilePicture'>['crop']>,
): Promise<boolean> {
  const dataBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
  const account = await attempt(() => api().setProfilePicture({ dataBase64, crop }));
  ownPictureChanged(account ?? null);
  return account !== undefined;
}

export async function removeProfilePicture(): Promise<boolean> {
  const account = await attempt(() => api().removeProfilePicture({}));
  ownPictureChanged(account ?? null);
  return account !== undefined;
}

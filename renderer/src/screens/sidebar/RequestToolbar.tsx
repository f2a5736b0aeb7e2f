// Above the message requests: choose all, then decline or block the chosen ones, or decline every
// request at once (what a person needs after a flood of requests from throwaway IDs). Blocking and
// declining everything ask first; declining the chosen rows does not, but, as every decline, it
// can be undone for a few seconds (store/declineUndo.ts).
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/store';
import { declineWithUndo } from '../../store/declineUndo';
import { blockRequests } from '../../store/requestActions';
import { ConfirmDialog } from '../conversation/ConfirmDialog';
import type { RequestSelection } from './requestSelection';
import { requestCount } from './conversationFilter';

function count(value: number): string {
  return value.toLocaleString('en');
}

export function RequestToolbar({ ids, selection }: { ids: readonly string[]; selection: RequestSelection }) {
  const [asking, setAsking] = useState<'block' | 'declineAll' | null>(null);
  const [busy, setBusy] = useState(false);
  const allRef = useRef<HTMLInputElement>(null);
  const chosen = selection.chosen.size;
  const all = chosen > 0 && chosen === ids.length;
  // Decline all means every request, also those a search hides.
  const total = useAppStore((state) => requestCount(state.conversations));

  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = chosen > 0 && !all;
  }, [chosen, all]);

  const run = async (work: () => Promise<boolean>): Promise<void> => {
    setBusy(true);
    try {
      if (await work()) selection.clear();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="request-toolbar" role="toolbar" aria-label="Message requests">
      <label className="checkbox request-toolbar__all">
        <input
          ref={allRef}
          type="checkbox"
          checked={all}
          onChange={(event) => selection.chooseAll(event.target.checked)}
        />
        <span aria-live="polite">{chosen > 0 ? `${count(chosen)} selected` : 'Select all'}</span>
      </label>
      <span className="request-toolbar__actions">
        {chosen > 0 ? (
          <>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => {
                declineWithUndo([...selection.chosen]);
                selection.clear();
              }}
            >
              Decline
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => setAsking('block')}
            >
              Block
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => setAsking('declineAll')}
          >
            Decline all
          </button>
        )}
      </span>
      {asking === 'block' && (
        <ConfirmDialog
          title={`Block ${chosen === 1 ? 'this sender' : `${count(chosen)} senders`}?`}
          confirmLabel="Block"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            void run(() => blockRequests([...selection.chosen]));
          }}
        >
          Their requests are deleted and nothing more from them reaches you. You can unblock them in Settings.
        </ConfirmDialog>
      )}
      {asking === 'declineAll' && (
        <ConfirmDialog
          title={total === 1 ? 'Decline the request?' : `Decline all ${count(total)} requests?`}
          confirmLabel="Decline all"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            declineWithUndo(
              Object.values(useAppStore.getState().conversations)
                .filter((conversation) => conversation.state === 'request')
                .map((conversation) => conversation.id),
              { all: true },
            );
            selection.clear();
          }}
        >
          Every message request and its messages are deleted from this device. The senders are not told.
        </ConfirmDialog>
      )}
    </div>
  );
}

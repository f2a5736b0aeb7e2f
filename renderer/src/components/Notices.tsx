// Errors and confirmations as short notices, announced to screen readers.
import { dismissNotice } from '../store/actions';
import { useAppStore } from '../store/store';

export function Notices() {
  const notices = useAppStore((state) => state.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.kind}`}>
          <span>{notice.text}</span>
          {notice.action && (
            <button
              type="button"
              className="button button--secondary notice__action"
              onClick={notice.action.run}
            >
              {notice.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => (notice.onClose ? notice.onClose() : dismissNotice(notice.id))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

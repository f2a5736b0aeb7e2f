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
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => dismissNotice(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

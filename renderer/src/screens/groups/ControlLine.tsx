// A group's control message in its timeline: one centered, muted line saying what happened ("Alice
// added Bob and Carol"), with no bubble, reactions or actions.
import { memo } from 'react';
import { useAppStore } from '../../store/store';
import { clockTime } from '../conversation/format';
import { useControlText } from './useGroupNames';

export const ControlLine = memo(function ControlLine({
  conversationId,
  messageId,
}: {
  conversationId: string;
  messageId: number;
}) {
  const message = useAppStore((state) => state.messages[conversationId]?.byId.get(messageId));
  const text = useControlText(conversationId, message?.control, message?.author);
  if (!message) return null;
  return (
    <div className="control-line" data-testid="control-line">
      <p className="control-line__text" title={new Date(message.sentAt).toLocaleString()}>
        {text} <span className="visually-hidden">at {clockTime(message.sentAt)}</span>
      </p>
    </div>
  );
});

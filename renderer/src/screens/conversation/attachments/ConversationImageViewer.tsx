// The viewer over the open conversation, with every image of it that is here, oldest first.
import { useAttachmentStore, closeImage } from '../../../store/attachmentActions';
import { useAppStore } from '../../../store/store';
import { ImageViewer } from './ImageViewer';
import { isImage } from './MessageAttachments';

export function ConversationImageViewer({ conversationId }: { conversationId: string }) {
  const viewing = useAttachmentStore((state) => state.viewing);
  const list = useAppStore((state) => state.messages[conversationId]);
  if (!viewing || viewing.conversationId !== conversationId || !list) return null;
  const images = [...list.byId.values()]
    .sort((left, right) => left.sentAt - right.sentAt || left.id - right.id)
    .flatMap((message) => message.attachments.filter((file) => isImage(file) && file.state === 'ready'));
  if (!images.some((image) => image.id === viewing.attachmentId)) return null;
  return <ImageViewer images={images} startId={viewing.attachmentId} onClose={closeImage} />;
}

// Choosing, changing or removing the account's picture. The file is checked before it is framed:
// a file too large or of another kind is refused in words, and nothing changes.
import { useRef, useState } from 'react';
import { maximumAttachmentBytes } from '../../../../shared/contract/pureHelpers';
import { notify } from '../../store/actions';
import { removeProfilePicture } from '../../store/pictureActions';
import { PictureCropDialog } from './PictureCropDialog';

const pictureTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

export function ProfilePictureControls({ hasPicture }: { hasPicture: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const [removing, setRemoving] = useState(false);

  const choose = (file: File | undefined): void => {
    if (!file) return;
    if (!pictureTypes.includes(file.type)) {
      notify('Choose a picture: a JPEG, PNG, WebP or GIF file.');
    } else if (file.size > maximumAttachmentBytes) {
      notify('This picture is over 10 MB: choose a smaller one.');
    } else {
      setChosen(file);
    }
  };

  return (
    <div className="profile-picture-controls">
      <button type="button" className="button button--secondary" onClick={() => input.current?.click()}>
        {hasPicture ? 'Change picture' : 'Add a picture'}
      </button>
      {hasPicture && (
        <button
          type="button"
          className="button button--secondary"
          disabled={removing}
          onClick={async () => {
            setRemoving(true);
            await removeProfilePicture();
            setRemoving(false);
          }}
        >
          Remove
        </button>
      )}
      <input
        ref={input}
        type="file"
        accept={pictureTypes.join(',')}
        hidden
        data-testid="profile-picture-input"
        onChange={(event) => {
          choose(event.target.files?.[0]);
          // The same file chosen again after a cancel is a new choice.
          event.target.value = '';
        }}
      />
      {chosen && <PictureCropDialog file={chosen} onClose={() => setChosen(null)} />}
    </div>
  );
}

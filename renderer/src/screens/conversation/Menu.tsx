// A menu button and its popup (WAI-ARIA menu pattern): the popup opens beside its button (above it
// when there is no room below), the arrow keys move between items (in a grid when it has columns),
// Enter or a click chooses, Escape closes and gives the focus back to the button. The popup is put
// on <body> so that no scrolling container clips it; it closes as every popup does (popup.ts).
import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { createPortal } from 'react-dom';
import { useDismissal, usePlacement } from './popup';

export interface MenuItem {
  readonly key: string;
  /** The item's accessible name, and its text unless `content` is given. */
  readonly label: string;
  readonly content?: ReactNode;
  readonly icon?: ReactNode;
  readonly onSelect: () => void;
  readonly danger?: boolean;
  /** An item of a choice (menuitemradio): checked or not. */
  readonly checked?: boolean;
}

export interface MenuSection {
  readonly label?: string;
  readonly items: readonly MenuItem[];
  /** Items side by side (a row of emoji) rather than one per line. */
  readonly inline?: boolean;
}

interface MenuButtonProps {
  /** The button's accessible name (and tooltip). */
  readonly label: string;
  readonly children: ReactNode;
  readonly sections: readonly MenuSection[];
  readonly className?: string;
  /** Items laid out in a grid of this many columns (an emoji picker). */
  readonly columns?: number;
  /** Which edge of the button the popup lines up with. */
  readonly align?: 'start' | 'end';
  /** Controlled opening (e.g. from a keyboard shortcut elsewhere). */
  readonly open?: boolean;
  readonly onOpenChange?: (open: boolean) => void;
  readonly disabled?: boolean;
  /** -1 keeps the button out of the tab order (when the same actions are reachable otherwise). */
  readonly tabIndex?: number;
  /** Where the focus goes back when the menu closes (the button itself by default). */
  readonly returnFocus?: RefObject<HTMLElement | null>;
}

export function MenuButton({
  label,
  children,
  sections,
  className = 'icon-button',
  columns,
  align = 'end',
  open: controlledOpen,
  onOpenChange,
  disabled,
  tabIndex,
  returnFocus,
}: MenuButtonProps) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlledOpen ?? ownOpen;
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [anchor, setAnchor] = useState<HTMLButtonElement | null>(null);
  const menuId = useId();

  const setOpen = (value: boolean): void => {
    if (controlledOpen === undefined) setOwnOpen(value);
    onOpenChange?.(value);
  };

  // The popup needs its button's element, known after the first commit. Taken when the menu opens,
  // not at mount: a list of 100,000 messages mounts two of these per row as it scrolls, and a state
  // set at mount would render each of them twice.
  useLayoutEffect(() => {
    if (open) setAnchor(triggerRef.current);
  }, [open]);

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className={className}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        tabIndex={tabIndex}
        onClick={() => setOpen(!open)}
      >
        {children}
      </button>
      {open &&
        anchor &&
        createPortal(
          <MenuPopup
            id={menuId}
            anchor={anchor}
            label={label}
            sections={sections}
            columns={columns}
            align={align}
            onClose={(restoreFocus) => {
              setOpen(false);
              if (restoreFocus) (returnFocus?.current ?? anchor).focus();
            }}
          />,
          document.body,
        )}
    </>
  );
}

function enabledItems(menu: HTMLElement): HTMLElement[] {
  return Array.from(menu.querySelectorAll<HTMLElement>('[role^="menuitem"]'));
}

function MenuPopup({
  id,
  anchor,
  label,
  sections,
  columns,
  align,
  onClose,
}: {
  id: string;
  anchor: HTMLElement;
  label: string;
  sections: readonly MenuSection[];
  columns: number | undefined;
  align: 'start' | 'end';
  onClose: (restoreFocus: boolean) => void;
}) {
  const menuRef = useRef<HTMLDivElement>(null);
  const { style: position, placed } = usePlacement(menuRef, anchor, align);

  // Once placed (a hidden element cannot take the focus): the chosen item, else the first.
  useLayoutEffect(() => {
    if (!placed) return;
    const menu = menuRef.current!;
    const first = menu.querySelector<HTMLElement>('[aria-checked="true"]') ?? enabledItems(menu)[0];
    first?.focus();
  }, [placed]);

  useDismissal(menuRef, anchor, () => onClose(false));

  const onKeyDown = (event: KeyboardEvent): void => {
    const items = enabledItems(menuRef.current!);
    const current = items.indexOf(document.activeElement as HTMLElement);
    const step = columns ?? 1;
    const last = items.length - 1;
    let next: number | undefined;
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        onClose(true);
        return;
      case 'Tab':
        event.preventDefault();
        onClose(true);
        return;
      case 'ArrowDown':
        next = columns ? Math.min(current + step, last) : current >= last ? 0 : current + 1;
        break;
      case 'ArrowUp':
        next = columns ? Math.max(current - step, 0) : current <= 0 ? last : current - 1;
        break;
      case 'ArrowRight':
        next = Math.min(current + 1, last);
        break;
      case 'ArrowLeft':
        next = Math.max(current - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
    }
    if (next !== undefined) {
      event.preventDefault();
      items[next]?.focus();
    }
  };

  return (
    <div
      ref={menuRef}
      id={id}
      className={`menu ${columns ? 'menu--grid' : ''}`}
      role="menu"
      aria-label={label}
      style={{ ...position, ...(columns ? { ['--menu-columns' as string]: columns } : {}) }}
      onKeyDown={onKeyDown}
    >
      {sections.map((section, sectionIndex) => (
        <div
          key={section.label ?? sectionIndex}
          role="group"
          aria-label={section.label}
          className={`menu__section ${section.inline ? 'menu__section--inline' : ''}`}
        >
          {section.label && (
            <div className="menu__heading" aria-hidden="true">
              {section.label}
            </div>
          )}
          {section.items.map((item) => (
            <button
              key={item.key}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
              aria-checked={item.checked}
              aria-label={item.content ? item.label : undefined}
              title={item.content ? item.label : undefined}
              tabIndex={-1}
              className={`menu__item ${item.danger ? 'menu__item--danger' : ''}`}
              onClick={() => {
                onClose(true);
                item.onSelect();
              }}
            >
              {item.icon}
              {item.content ?? <span className="menu__label">{item.label}</span>}
              {item.checked && (
                <span className="menu__check" aria-hidden="true">
                  ✓
                </span>
              )}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

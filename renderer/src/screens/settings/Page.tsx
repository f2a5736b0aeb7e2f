// The frame shared by the new-conversation, profile and settings screens: a titled column that
// scrolls by itself, with sections as cards, each named by its heading for screen readers.
import { type ReactNode, useId } from 'react';
import './page.css';

export function Page({ title, lede, children }: { title: string; lede?: ReactNode; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="page" aria-labelledby={titleId}>
      <div className="page__content">
        <header className="page__header">
          <h1 id={titleId}>{title}</h1>
          {lede && <p>{lede}</p>}
        </header>
        {children}
      </div>
    </section>
  );
}

export function PageSection({
  title,
  description,
  id,
  children,
}: {
  title: string;
  description?: ReactNode;
  /** Lets another screen bring this section into view and give it the focus (tabIndex -1). */
  id?: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <section
      className="page-section"
      aria-labelledby={titleId}
      id={id}
      tabIndex={id === undefined ? undefined : -1}
    >
      <header className="page-section__header">
        <h2 id={titleId}>{title}</h2>
        {description && <p>{description}</p>}
      </header>
      {children}
    </section>
  );
}

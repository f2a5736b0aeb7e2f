// Placeholder until this screen is built.
export function Sidebar() {
  return <nav className="sidebar" aria-label="Conversations" />;
}

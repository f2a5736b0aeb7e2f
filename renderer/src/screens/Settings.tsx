// Placeholder until this screen is built.
export function Settings() {
  return <section className="centered">Settings</section>;
}

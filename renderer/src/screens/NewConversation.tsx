// Placeholder until this screen is built.
export function NewConversation() {
  return <section className="centered">NewConversation</section>;
}

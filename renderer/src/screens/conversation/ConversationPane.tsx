// Placeholder until this screen is built.
export function ConversationPane() {
  return <section className="centered">Conversation</section>;
}

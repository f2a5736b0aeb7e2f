// Placeholder until this screen is built.
export function Profile() {
  return <section className="centered">Profile</section>;
}

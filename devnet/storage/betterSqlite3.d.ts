// better-sqlite3-multiple-ciphers ships its typings, but its package.json `exports` map has no
// "types" entry, so TypeScript's nodenext resolution cannot find them. Its API is better-sqlite3's
// (plus encryption keys, which devnet does not use), so it borrows @types/better-sqlite3.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}

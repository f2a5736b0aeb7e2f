// better-sqlite3-multiple-ciphers ships its typings, but its package.json `exports` map has no
// "types" entry, so TypeScript's nodenext resolution cannot find them. Its API is better-sqlite3's
// (the engine adds encryption keys through pragmas), so it borrows @types/better-sqlite3. Shared by
// devnet and core, which each reference it from the file that imports the module.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}

// What the first opening of an emoji picker loads, as chunks of their own (Vite splits a dynamic
// import): the picker's code here, and with it the data (loadEmojiCatalog.ts). The first screen
// pays for neither.
export { EmojiPicker } from './EmojiPicker';
export { loadEmojiCatalog } from './loadEmojiCatalog';

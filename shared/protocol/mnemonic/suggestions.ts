// The list words nearest to a word that is not one, so a refused phrase says what was probably meant.
import { englishWords } from './englishWords.generated';

/** Up to `limit` list words closest to what was typed, nearest first. */
export function suggestRecoveryWords(typed: string, limit = 3): string[] {
  const word = typed.normalize('NFKC').toLowerCase();
  const maximumDistance = Math.max(2, Math.ceil(word.length / 3));
  return englishWords
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance }) => distance <= maximumDistance)
    .sort((left, right) => left.distance - right.distance || left.candidate.localeCompare(right.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs one. */
function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const distances = new Array<number>(rows * columns).fill(0);
  const at = (row: number, column: number): number => distances[row * columns + column]!;
  for (let row = 0; row < rows; row += 1) distances[row * columns] = row;
  for (let column = 0; column < columns; column += 1) distances[column] = column;
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const substitution = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        at(row - 1, column) + 1,
        at(row, column - 1) + 1,
        at(row - 1, column - 1) + substitution,
      );
      if (
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1]
      ) {
        best = Math.min(best, at(row - 2, column - 2) + 1);
      }
      distances[row * columns + column] = best;
    }
  }
  return at(rows - 1, columns - 1);
}

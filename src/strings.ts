/**
 * A deep copy whose strings are all flat and new. V8 keeps a substring as a slice of its parent and a
 * concatenation as a rope of its parts: a decoded parameter kept for minutes (a nonce, a journal entry)
 * would keep the whole request body alive with it. One JSON round trip copies every string of a value at
 * once, losslessly (lone surrogates included).
 */
export function ownCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function ownString(text: string): string {
  return ownCopy(text);
}

/**
 * Records keyed by names from user files (attribute names, coder names,
 * language keys, ids). A plain `{}` inherits `constructor`, `toString`,
 * `__proto__`… from Object.prototype, so `attributes['constructor']` would
 * be a function and `attributes['__proto__'] = v` would replace the
 * prototype instead of storing a value (issue 16, item 9). Every record
 * that input becomes a key of is made here, without a prototype.
 */

/** An empty record with no prototype: every key, `__proto__` included, is an ordinary own property. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Whether `record` has `key` as an own property (never an inherited one such as `constructor`). */
export function hasOwnKey(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** The own value of `record[key]`, or undefined; never an inherited property of Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

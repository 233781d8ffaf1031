/** A label or field selector the API server rejects with 400 BadRequest; the message is upstream's text. */
export class SelectorParseError extends Error {
  readonly code = 400;
  readonly reason = 'BadRequest';

  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

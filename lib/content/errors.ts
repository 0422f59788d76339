/** A problem in a lesson file: always names the file (relative to the repo) and says what to fix. */
export class ContentError extends Error {
  override name = "ContentError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

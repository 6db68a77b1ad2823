/** The errors a GGUF file can earn: each says what is wrong and where, never a raw crash. */

/** The file is not a GGUF this reader can read, and why. */
export class GgufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GgufError';
  }
}

/** A tensor's type is known, but the course has no codec for it: listed, never misread. */
export class NotDecodableError extends Error {
  /** The type's name, e.g. "Q6_K". */
  readonly typeName: string;

  constructor(typeName: string, message: string) {
    super(message);
    this.typeName = typeName;
    this.name = 'NotDecodableError';
  }
}

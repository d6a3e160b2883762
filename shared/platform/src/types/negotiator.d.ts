/** The part of negotiator 1.x the gateway uses (the package ships no types). */
declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: { accept?: string } });
    /** The most preferred of `available` by the request's Accept, or undefined when none is acceptable. */
    mediaType(available: string[]): string | undefined;
  }
  export = Negotiator;
}

/// <reference types="jest" />
/**
 * Jest's asymmetric matchers typed as matchers: @types/jest declares them as returning `any`,
 * which would let a matcher stand in for any value unchecked. Overloads declared in a later
 * interface declaration come first, so these are the ones the compiler picks.
 */
declare namespace jest {
  interface Expect {
    anything(): AsymmetricMatcher;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- as Jest takes it: any constructor
    any(classType: Function): AsymmetricMatcher;
    arrayContaining(arr: readonly unknown[]): AsymmetricMatcher;
    closeTo(num: number, numDigits?: number): AsymmetricMatcher;
    objectContaining(obj: object): AsymmetricMatcher;
    stringMatching(str: string | RegExp): AsymmetricMatcher;
    stringContaining(str: string): AsymmetricMatcher;
  }
}

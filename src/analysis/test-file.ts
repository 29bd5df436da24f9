const TEST_FILE = /(^|\/)(test|tests|__tests__|__mocks__|__fixtures__|spec|fixtures?)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/**
 * Whether a path (relative, forward slashes) is a test, mock or fixture file: rules that would only
 * be noise there skip it. Its own module so the scan cache can use it without loading the analysis.
 *
 * @example
 * isTestFile('src/__tests__/api.ts'); // true
 * isTestFile('src/api.ts'); // false
 */
export function isTestFile(file: string): boolean {
  return TEST_FILE.test(file);
}

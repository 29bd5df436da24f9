/**
 * The file extensions Ectus parses as JavaScript or TypeScript. A module of its own so that file
 * listing can use it without loading the parser and its native binding.
 */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

/**
 * Which files are lockfiles or manifests, by name alone. Kept apart from detect.ts, which maps each
 * name to its parser: a scan can look for lockfiles without loading every parser.
 */

/** The file names detect.ts has a parser for (detect.test.ts checks that the two lists agree). */
export const LOCKFILE_NAMES: readonly string[] = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'go.mod',
  'Cargo.lock',
  'pom.xml',
];

const NAMES: ReadonlySet<string> = new Set(LOCKFILE_NAMES);
/** requirements.txt, requirements-dev.txt, requirements_test.txt; `requirements.in` is pip-compile's input. */
const REQUIREMENTS_NAME = /^requirements([-_.][\w.-]*)?\.txt$/i;
const REQUIREMENTS_FOLDER_FILE = /(^|\/)requirements\/[^/]+\.txt$/i;

function baseName(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash === -1 ? file : file.slice(slash + 1);
}

/**
 * For file discovery: names worth reading (requirements folders are checked again with the full path).
 *
 * @example
 * isLockfileName('yarn.lock'); // true
 * isLockfileName('base.txt'); // true: it may sit in a requirements folder
 */
export function isLockfileName(name: string): boolean {
  return NAMES.has(name) || /\.txt$/i.test(name);
}

/**
 * A pip requirements file: requirements*.txt, or a `.txt` file in a folder named `requirements`.
 *
 * @example
 * isRequirementsFile('requirements/base.txt'); // true
 */
export function isRequirementsFile(path: string): boolean {
  return REQUIREMENTS_NAME.test(baseName(path)) || REQUIREMENTS_FOLDER_FILE.test(path);
}

/**
 * Whether a path (relative, forward slashes) names a lockfile or manifest: exactly the paths
 * detect.ts's `lockfileKind` has a parser for.
 *
 * @example
 * isLockfilePath('web/package-lock.json'); // true
 * isLockfilePath('LICENSE.txt'); // false
 */
export function isLockfilePath(path: string): boolean {
  return NAMES.has(baseName(path)) || isRequirementsFile(path);
}

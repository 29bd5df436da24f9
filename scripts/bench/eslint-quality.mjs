// The peer of the detection-quality benchmark: ESLint with the recommended configs of
// eslint-plugin-security and eslint-plugin-sonarjs, run in-process on the files the benchmark scores.
//
// ESLint's rules see one file at a time, so linting only the sink files of each package gives the
// same findings in those files as linting the whole package would. ESLint findings carry no CWE:
// each security-relevant rule is mapped to the class it is documented to detect, and a finding
// counts for a case only when its rule maps to the case's CWE (the same window rules as ectus).
import { createRequire } from 'node:module';
import { relative } from 'node:path';

const require = createRequire(import.meta.url);

/** Rule id -> the CWE classes of the benchmark that the rule is documented to find. */
export const ESLINT_RULE_CWES = {
  'security/detect-child-process': [78],
  'sonarjs/os-command': [78],
  'sonarjs/no-os-command-from-path': [78],
  'security/detect-eval-with-expression': [94],
  'security/detect-non-literal-require': [94],
  'sonarjs/code-eval': [94],
  'security/detect-non-literal-fs-filename': [22],
  'security/detect-object-injection': [1321],
  'security/detect-unsafe-regex': [1333],
  'security/detect-non-literal-regexp': [1333],
  'sonarjs/slow-regex': [1333],
  'sonarjs/super-linear-regex': [1333],
};

export function eslintVersions() {
  const version = (name) => require(`${name}/package.json`).version;
  return `ESLint ${version('eslint')} + eslint-plugin-security ${version('eslint-plugin-security')} + eslint-plugin-sonarjs ${version('eslint-plugin-sonarjs')}`;
}

/**
 * Lints `files` (absolute paths under `root`) and returns, per absolute path, the findings of the
 * mapped rules as `{ line, cwe, ruleId }`. A file ESLint cannot parse yields no findings.
 */
export async function eslintFindings(root, files) {
  const { ESLint } = await import('eslint');
  const security = (await import('eslint-plugin-security')).default;
  const sonarjs = (await import('eslint-plugin-sonarjs')).default;
  const tsParser = (await import('@typescript-eslint/parser')).default;
  const eslint = new ESLint({
    cwd: root,
    ignore: false,
    errorOnUnmatchedPattern: false,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'],
        languageOptions: { ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
      },
      { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser } },
      security.configs.recommended,
      sonarjs.configs.recommended,
    ],
  });
  const byFile = new Map();
  // One file at a time: a file that crashes a rule costs only its own findings.
  for (const file of files) {
    try {
      const [result] = await eslint.lintFiles([relative(root, file)]);
      byFile.set(
        file,
        (result?.messages ?? [])
          .filter((m) => m.ruleId && ESLINT_RULE_CWES[m.ruleId])
          .map((m) => ({ line: m.line, cwe: ESLINT_RULE_CWES[m.ruleId], ruleId: m.ruleId })),
      );
    } catch {
      byFile.set(file, []);
    }
  }
  return byFile;
}

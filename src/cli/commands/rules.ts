import type { Command } from 'commander';

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('List every rule with its id, category, severity, CWE and description.')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: { json?: boolean }) => {
      // Loaded on demand, so that other commands do not load every rule at start.
      const [{ describeRule }, { DEPENDENCY_RULE }, { defaultRules }] = await Promise.all([
        import('../../analysis/build-report.js'),
        import('../../analysis/deps/scan-dependencies.js'),
        import('../../analysis/index.js'),
      ]);
      // dependency-vulnerability reads lockfiles, not source: it is described outside the AST registry.
      const rules = [...defaultRules().map(describeRule), DEPENDENCY_RULE].sort((a, b) => a.id.localeCompare(b.id));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
        return;
      }
      const idWidth = Math.max(...rules.map((r) => r.id.length));
      const categoryWidth = Math.max(...rules.map((r) => r.category.length));
      for (const rule of rules) {
        const cwe = rule.cwe.length > 0 ? rule.cwe.map((n) => `CWE-${n}`).join(',') : '-';
        process.stdout.write(
          `${rule.id.padEnd(idWidth)}  ${rule.category.padEnd(categoryWidth)}  ${rule.severity.padEnd(8)}  ${cwe.padEnd(16)}  ${rule.description}\n`,
        );
      }
      process.stdout.write(`\n${rules.length} rules\n`);
    });
}

import type { Node } from 'oxc-parser';
import type { ProjectFiles } from './project/project-files.js';
import type { SourceCode, Span } from './source-code.js';
import type { Category, FileMetrics, Fix, FlowStep, Severity, ThreatModel } from './types.js';

/** Where a flow step in another file of the project is. */
export type FlowLocation = Omit<FlowStep, 'message'>;

export type AstNode = Node;
export type NodeType = Node['type'];
/**
 * The node interfaces whose `type` can be `T`. Some interfaces declare a union `type` (one
 * `Function` interface serves declarations, expressions and TS bodies), so a plain
 * `Extract<Node, { type: T }>` would miss them.
 */
export type NodeOfType<T extends NodeType> = Node extends infer N
  ? N extends { type: infer U }
    ? T extends U
      ? N
      : never
    : never
  : never;

/**
 * What a rule returns from `create`: handlers keyed by ESTree node type, called on entering the
 * node, or `<Type>:exit` for leaving it. All rules share one traversal of the tree.
 */
export type Visitors = { [T in NodeType]?: (node: NodeOfType<T>) => void } & {
  [T in NodeType as `${T}:exit`]?: (node: NodeOfType<T>) => void;
} & { 'Program:exit'?: (node: NodeOfType<'Program'>) => void };

export interface ReportDescriptor<M extends string> {
  /** The node or span the finding points at. */
  node: Span;
  messageId: M;
  /** Values for `{{name}}` placeholders in the message. */
  data?: Record<string, string | number>;
  /** A fix that is safe to apply without review; only for rules with `meta.fixable`. */
  fix?: Fix | Fix[];
  /**
   * For data-flow findings: each step from source to sink. A step in another file of the project
   * carries its location in `at` (its `node` is then ignored).
   */
  flow?: { node: Span; message: string; at?: FlowLocation }[];
  /** Spans (secrets) whose text must never appear in a report: masked in the snippet. */
  redact?: Span[];
}

export interface RuleSettings {
  threatModel: ThreatModel;
  /** True for test files and fixtures, where some rules (mocks, fake data) do not apply. */
  isTestFile: boolean;
}

export interface RuleContext<M extends string = string> {
  /** Path relative to the scan root, forward slashes. */
  readonly filename: string;
  readonly source: SourceCode;
  /** Options from the configuration for this rule, already merged over `meta.defaultOptions`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly settings: RuleSettings;
  report(descriptor: ReportDescriptor<M>): void;
  /** Complexity of the file's functions; complete only in `Program:exit` handlers. */
  fileMetrics(): FileMetrics;
  /** The other files of the scan, when the engine offers them (for analyses that follow imports). */
  readonly project?: ProjectFiles;
}

export interface RuleMeta<M extends string> {
  description: string;
  category: Category;
  severity: Severity;
  /** CWE numbers, when the weakness has one. */
  cwe?: number[];
  /** Message templates with `{{name}}` placeholders, keyed by message id. */
  messages: Record<M, string>;
  /** Set when the rule offers fixes that `ectus scan --fix` may apply unattended. */
  fixable?: boolean;
  defaultOptions?: Record<string, unknown>;
}

export interface Rule<M extends string = string> {
  id: string;
  meta: RuleMeta<M>;
  create(context: RuleContext<M>): Visitors;
}

/**
 * Defines a rule. The id equals the file name, the test file name and the doc section.
 *
 * @example
 * export default defineRule({
 *   id: 'no-self-compare',
 *   meta: {
 *     description: 'Comparing a value with itself is always true or always false.',
 *     category: 'correctness',
 *     severity: 'medium',
 *     messages: { selfCompare: 'Comparing `{{name}}` with itself.' },
 *   },
 *   create(context) {
 *     return {
 *       BinaryExpression(node) {
 *         if (isSameReference(node.left, node.right))
 *           context.report({ node, messageId: 'selfCompare', data: { name: context.source.getText(node.left) } });
 *       },
 *     };
 *   },
 * });
 */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

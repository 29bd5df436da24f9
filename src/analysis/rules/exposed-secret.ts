import { parentOf } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { isSamplePath } from '../secrets/allow-list.js';
import { isInFirebaseWebConfig, isShownAsExample } from '../secrets/code-context.js';
import {
  completePair,
  findSecrets,
  hiddenPart,
  isReportable,
  MIN_SECRET_LENGTH,
  type SecretMatch,
  SHOWN_PREFIX,
} from '../secrets/find-secrets.js';
import type { Span } from '../source-code.js';

/** A private key cut into concatenated strings is followed this far past its header. */
const KEY_LOOKAHEAD = 20_000;

const EVIDENCE: Record<SecretMatch['confidence'], string> = {
  verified: 'checksum or structure verified',
  format: 'format matches',
  entropy: 'high entropy',
};

function shift(match: SecretMatch, by: number): SecretMatch {
  const shifted = { ...match, start: match.start + by, end: match.end + by };
  if (match.pairedWith)
    shifted.pairedWith = { ...match.pairedWith, start: match.pairedWith.start + by, end: match.pairedWith.end + by };
  return shifted;
}

/** A literal whose context says it is no credential: an example shown to a person, a Firebase web config. */
function isExcusedByContext(match: SecretMatch, node: AstNode | undefined): boolean {
  if (!node) return false;
  if (isShownAsExample(node)) return true;
  return match.formatId === 'google-api-key' && isInFirebaseWebConfig(node);
}

export default defineRule({
  id: 'exposed-secret',
  meta: {
    description:
      'Keys and tokens of known services (cloud, code hosting, payments, chat, language-model vendors, package registries), private keys and service tokens written in source code or comments, recognised by their format and, where the format has one, their checksum.',
    category: 'secrets',
    severity: 'critical',
    cwe: [798, 540],
    messages: {
      exposed:
        'Exposed {{label}} ({{preview}}{{length}} characters, {{evidence}}): anyone who can read this code can use it. {{action}}, then load the replacement from the environment or a secret store.',
      exposedPair:
        'Exposed {{label}} next to its {{idKind}} ({{preview}}{{length}} characters): together they give access to the account. {{action}}, then load the replacement from the environment or a secret store.',
    },
  },
  create(context) {
    if (context.settings.isTestFile) return {};
    const text = context.source.text;
    // In documentation, examples and test doubles only keys proven by checksum or structure count.
    const verifiedOnly = isSamplePath(context.filename);
    const found = new Map<number, SecretMatch>();

    const keep = (match: SecretMatch, node: AstNode | undefined): void => {
      if (match.generic || (verifiedOnly && match.confidence !== 'verified')) return;
      if (!isReportable(match) || isExcusedByContext(match, node)) return;
      found.set(match.start, match);
    };

    const scan = (span: Span, node?: AstNode): void => {
      if (span.end - span.start < MIN_SECRET_LENGTH) return;
      const slice = text.slice(span.start, span.end);
      const matches = findSecrets(slice, { generic: false }).map((m) => shift(m, span.start));
      for (const match of matches) keep(completePair(text, match) ?? match, node);
      // `'-----BEGIN RSA PRIVATE KEY-----\n' + 'MIIE...'`: the body is in the strings that follow.
      if (slice.includes('-----BEGIN ') && !matches.some((m) => m.formatId === 'private-key')) {
        const ahead = text.slice(span.start, span.start + KEY_LOOKAHEAD);
        for (const match of findSecrets(ahead, { generic: false })) {
          if (match.formatId === 'private-key' && match.start < slice.length) keep(shift(match, span.start), node);
        }
      }
    };

    const report = (): void => {
      const matches = [...found.values()];
      const hidden = matches.flatMap((m) =>
        m.pairedWith ? [hiddenPart(m), hiddenPart(m.pairedWith)] : [hiddenPart(m)],
      );
      for (const match of matches) {
        // A private key's first characters are its armour (`-----`): nothing worth showing.
        const shown = match.provider !== '' && match.formatId !== 'private-key';
        const preview = shown ? `\`${text.slice(match.start, match.start + SHOWN_PREFIX)}…\`, ` : '';
        context.report({
          node: { start: match.start, end: match.end },
          messageId: match.pairedWith ? 'exposedPair' : 'exposed',
          data: {
            label: match.label,
            idKind: match.pairedWith?.kind ?? '',
            preview,
            length: match.end - match.start,
            evidence: EVIDENCE[match.confidence],
            action: match.provider ? `Revoke it at ${match.provider}` : 'Revoke or replace it',
          },
          redact: hidden,
        });
      }
    };

    return {
      Literal(node) {
        if (typeof node.value === 'string') scan(node, node);
      },
      TemplateElement(node) {
        // The template literal is what sits in a property or attribute.
        scan(node, parentOf(node) ?? undefined);
      },
      'Program:exit'() {
        for (const comment of context.source.comments) scan(comment);
        report();
      },
    };
  },
});

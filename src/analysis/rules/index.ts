import type { Rule } from '../rule.js';
import alwaysTrueAuthorization from './always-true-authorization.js';
import arrayCallbackReturn from './array-callback-return.js';
import codeInjection from './code-injection.js';
import cognitiveComplexity from './cognitive-complexity.js';
import commandInjection from './command-injection.js';
import corsPermissive from './cors-permissive.js';
import cyclomaticComplexity from './cyclomatic-complexity.js';
import debugModeEnabled from './debug-mode-enabled.js';
import defaultSecretFallback from './default-secret-fallback.js';
import exposedSecret from './exposed-secret.js';
import fakeSuccessHandler from './fake-success-handler.js';
import forDirection from './for-direction.js';
import getterReturn from './getter-return.js';
import hardcodedCredentials from './hardcoded-credentials.js';
import hardcodedJwtSecret from './hardcoded-jwt-secret.js';
import hardcodedSampleData from './hardcoded-sample-data.js';
import insecureCookie from './insecure-cookie.js';
import insecureRandom from './insecure-random.js';
import jwtUnsafeVerification from './jwt-unsafe-verification.js';
import logInjection from './log-injection.js';
import missingSecurityHeaders from './missing-security-headers.js';
import mockInProduction from './mock-in-production.js';
import noAccumulatingSpread from './no-accumulating-spread.js';
import noAsyncArrayCallback from './no-async-array-callback.js';
import noAsyncCallbackUnhandled from './no-async-callback-unhandled.js';
import noAsyncPromiseExecutor from './no-async-promise-executor.js';
import noAwaitInLoop from './no-await-in-loop.js';
import noCaseMismatchCompare from './no-case-mismatch-compare.js';
import noCatchLogContinue from './no-catch-log-continue.js';
import noCompareNegZero from './no-compare-neg-zero.js';
import noCondAssign from './no-cond-assign.js';
import noConstantBinaryExpression from './no-constant-binary-expression.js';
import noConstantCondition from './no-constant-condition.js';
import noConstantLengthComparison from './no-constant-length-comparison.js';
import noDupeClassMembers from './no-dupe-class-members.js';
import noDupeElseIf from './no-dupe-else-if.js';
import noDupeKeys from './no-dupe-keys.js';
import noDuplicateCase from './no-duplicate-case.js';
import noEmptyCatch from './no-empty-catch.js';
import noExAssign from './no-ex-assign.js';
import noFallthrough from './no-fallthrough.js';
import noFloatingPromise from './no-floating-promise.js';
import noIdenticalBranches from './no-identical-branches.js';
import noInconsistentReturn from './no-inconsistent-return.js';
import noIndexofMisuse from './no-indexof-misuse.js';
import noInvertedNullCheck from './no-inverted-null-check.js';
import noJsonParseInLoop from './no-json-parse-in-loop.js';
import noListenerInLoop from './no-listener-in-loop.js';
import noLossOfPrecision from './no-loss-of-precision.js';
import noPromiseExecutorReturn from './no-promise-executor-return.js';
import noRaceOnSharedState from './no-race-on-shared-state.js';
import noRegexpInLoop from './no-regexp-in-loop.js';
import noRejectLiteral from './no-reject-literal.js';
import noSelfAssign from './no-self-assign.js';
import noSelfCompare from './no-self-compare.js';
import noSparseArrays from './no-sparse-arrays.js';
import noSyncIoInHandler from './no-sync-io-in-handler.js';
import noThrowLiteral from './no-throw-literal.js';
import noUnboundedInterval from './no-unbounded-interval.js';
import noUnhandledJsonParse from './no-unhandled-json-parse.js';
import noUnreachable from './no-unreachable.js';
import noUnsafeFinally from './no-unsafe-finally.js';
import noUnsafeNegation from './no-unsafe-negation.js';
import noUnsafeOptionalChaining from './no-unsafe-optional-chaining.js';
import noUselessCatch from './no-useless-catch.js';
import nosqlInjection from './nosql-injection.js';
import openRedirect from './open-redirect.js';
import pathTraversal from './path-traversal.js';
import permissiveFilePermissions from './permissive-file-permissions.js';
import placeholderImplementation from './placeholder-implementation.js';
import preserveErrorCause from './preserve-error-cause.js';
import prototypePollution from './prototype-pollution.js';
import randomMetrics from './random-metrics.js';
import redos from './redos.js';
import requireNumericSortComparator from './require-numeric-sort-comparator.js';
import simulatedDelay from './simulated-delay.js';
import sqlInjection from './sql-injection.js';
import ssrf from './ssrf.js';
import staticIv from './static-iv.js';
import suppressionRequiresReason from './suppression-requires-reason.js';
import swallowedErrorDefault from './swallowed-error-default.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import unsafeDeserialization from './unsafe-deserialization.js';
import useIsnan from './use-isnan.js';
import validTypeof from './valid-typeof.js';
import weakCipher from './weak-cipher.js';
import weakHash from './weak-hash.js';
import weakKeySize from './weak-key-size.js';
import weakPasswordHash from './weak-password-hash.js';
import xss from './xss.js';
import xxe from './xxe.js';

/** Every rule Ectus ships, sorted by id. One explicit list: no side-effect registration. */
export const RULES = [
  alwaysTrueAuthorization,
  arrayCallbackReturn,
  codeInjection,
  cognitiveComplexity,
  commandInjection,
  corsPermissive,
  cyclomaticComplexity,
  debugModeEnabled,
  defaultSecretFallback,
  exposedSecret,
  fakeSuccessHandler,
  forDirection,
  getterReturn,
  hardcodedCredentials,
  hardcodedJwtSecret,
  hardcodedSampleData,
  insecureCookie,
  insecureRandom,
  jwtUnsafeVerification,
  logInjection,
  missingSecurityHeaders,
  mockInProduction,
  noAccumulatingSpread,
  noAsyncArrayCallback,
  noAsyncCallbackUnhandled,
  noAsyncPromiseExecutor,
  noAwaitInLoop,
  noCaseMismatchCompare,
  noCatchLogContinue,
  noCompareNegZero,
  noCondAssign,
  noConstantBinaryExpression,
  noConstantCondition,
  noConstantLengthComparison,
  noDupeClassMembers,
  noDupeElseIf,
  noDupeKeys,
  noDuplicateCase,
  noEmptyCatch,
  noExAssign,
  noFallthrough,
  noFloatingPromise,
  noIdenticalBranches,
  noInconsistentReturn,
  noIndexofMisuse,
  noInvertedNullCheck,
  noJsonParseInLoop,
  noListenerInLoop,
  noLossOfPrecision,
  noPromiseExecutorReturn,
  noRaceOnSharedState,
  noRegexpInLoop,
  noRejectLiteral,
  noSelfAssign,
  noSelfCompare,
  noSparseArrays,
  noSyncIoInHandler,
  noThrowLiteral,
  noUnboundedInterval,
  noUnhandledJsonParse,
  noUnreachable,
  noUnsafeFinally,
  noUnsafeNegation,
  noUnsafeOptionalChaining,
  noUselessCatch,
  nosqlInjection,
  openRedirect,
  pathTraversal,
  permissiveFilePermissions,
  placeholderImplementation,
  preserveErrorCause,
  prototypePollution,
  randomMetrics,
  redos,
  requireNumericSortComparator,
  simulatedDelay,
  sqlInjection,
  ssrf,
  staticIv,
  suppressionRequiresReason,
  swallowedErrorDefault,
  tlsVerificationDisabled,
  unsafeDeserialization,
  useIsnan,
  validTypeof,
  weakCipher,
  weakHash,
  weakKeySize,
  weakPasswordHash,
  xss,
  xxe,
] as const satisfies readonly Rule[];

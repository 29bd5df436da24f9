import type { Rule } from '../rule.js';
import noSelfCompare from './no-self-compare.js';

/** Every rule Ectus ships, sorted by id. One explicit list: no side-effect registration. */
export const RULES = [noSelfCompare] as const satisfies readonly Rule[];

export { ScorecardCard, LevelHeadline } from './ScorecardCard';
export { CheckStatusIcon } from './checkStatus';
export { useScorecard, checksToActOn, levelTitle } from './useScorecard';
export type { ScorecardScope } from './useScorecard';

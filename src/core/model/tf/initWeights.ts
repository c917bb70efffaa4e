// Kept only for scripts/bench/ (owned elsewhere), which still imports initWeights from here.
// Weight initialisation is plain TypeScript and lives in ../initWeights.ts; the tfjs network
// moved to src/core/train/tf/. Remove this file once scripts/bench imports ../initWeights.
export { initWeights } from '../initWeights';

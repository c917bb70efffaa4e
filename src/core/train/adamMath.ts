// Adam's constants and per-step scalars, shared by every training backend (no tfjs):
//   m <- β1 m + (1-β1) g;  v <- β2 v + (1-β2) g²;  t <- t + 1
//   p <- p - lr * (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)
//      = p - stepSize * m / (sqrt(v) + epsHat)
// with stepSize = lr √(1-β2^t) / (1-β1^t) and epsHat = ε √(1-β2^t) (ε folded into the
// bias-corrected form). Global-norm clipping first scales g by min(1, θ / ||g||).

export interface AdamOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const DEFAULT_ADAM: Readonly<AdamOptions> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** The scalars of update number t (t >= 1). */
export function adamStepScalars(t: number, learningRate: number, options: AdamOptions = DEFAULT_ADAM): { stepSize: number; epsHat: number } {
  const correction2 = Math.sqrt(1 - Math.pow(options.beta2, t));
  return { stepSize: (learningRate * correction2) / (1 - Math.pow(options.beta1, t)), epsHat: options.epsilon * correction2 };
}

/** The clipping factor min(1, θ / ||g||) (1 for a zero gradient). */
export function clipFactor(norm: number, maxNorm: number): number {
  return norm > maxNorm ? maxNorm / norm : 1;
}

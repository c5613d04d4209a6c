// Linear classifiers over sparse vectors, written by hand for speed (natural's BayesClassifier
// builds a dense vector over the whole vocabulary for every message): a softmax (multinomial)
// logistic regression trained with AdaGrad and L2, and a multinomial naive Bayes, which share one
// representation (a weight per feature and class plus a bias per class), so prediction,
// explanation and JSON serialisation are the same for both. Training is deterministic: the only
// randomness is a seeded shuffle.
import type { SparseVector } from './vocabulary.ts';

export interface LinearHead {
  type: 'softmax' | 'naive_bayes';
  classes: string[];
  dim: number;
  /** Feature-major: the weight of feature f for class c is W[f * classes.length + c]. */
  W: Float64Array;
  b: Float64Array;
}

export interface LinearHeadJson {
  type: LinearHead['type'];
  classes: string[];
  dim: number;
  W: number[];
  b: number[];
}

export interface SoftmaxOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Weight examples inversely to their class's frequency. */
  balanced?: boolean;
}

/** mulberry32: a small seeded PRNG, enough for a reproducible shuffle. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function classWeights(y: readonly number[], nClasses: number, balanced: boolean): Float64Array {
  const w = new Float64Array(nClasses).fill(1);
  if (!balanced) return w;
  const n = new Float64Array(nClasses);
  for (const c of y) n[c]!++;
  for (let c = 0; c < nClasses; c++) w[c] = n[c]! > 0 ? y.length / (nClasses * n[c]!) : 0;
  return w;
}

/** Class scores (logits) of one vector. */
export function scores(head: LinearHead, x: SparseVector, out = new Float64Array(head.classes.length)): Float64Array {
  const C = head.classes.length;
  out.set(head.b);
  for (let k = 0; k < x.idx.length; k++) {
    const base = x.idx[k]! * C;
    const v = x.val[k]!;
    for (let c = 0; c < C; c++) out[c]! += head.W[base + c]! * v;
  }
  return out;
}

export function softmaxInPlace(s: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of s) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < s.length; c++) sum += s[c] = Math.exp(s[c]! - max);
  for (let c = 0; c < s.length; c++) s[c]! /= sum;
  return s;
}

export function predictProba(head: LinearHead, x: SparseVector): Float64Array {
  return softmaxInPlace(scores(head, x));
}

/** Softmax regression, AdaGrad, L2 applied to the weights an example touches. */
export function trainSoftmax(X: readonly SparseVector[], y: readonly number[], classes: string[], dim: number, opts: SoftmaxOptions = {}): LinearHead {
  const { epochs = 20, learningRate = 0.5, l2 = 1e-4, seed = 1, balanced = false } = opts;
  const C = classes.length;
  const W = new Float64Array(dim * C);
  const b = new Float64Array(C);
  const GW = new Float64Array(dim * C);
  const Gb = new Float64Array(C);
  const cw = classWeights(y, C, balanced);
  const head: LinearHead = { type: 'softmax', classes, dim, W, b };
  const order = X.map((_, i) => i);
  const random = seededRandom(seed);
  const p = new Float64Array(C);
  const g = new Float64Array(C);
  const eps = 1e-8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const x = X[i]!;
      softmaxInPlace(scores(head, x, p));
      const sw = cw[y[i]!]!;
      for (let c = 0; c < C; c++) g[c] = (p[c]! - (c === y[i] ? 1 : 0)) * sw;
      for (let c = 0; c < C; c++) {
        Gb[c]! += g[c]! * g[c]!;
        b[c]! -= (learningRate * g[c]!) / (Math.sqrt(Gb[c]!) + eps);
      }
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * C;
        const v = x.val[k]!;
        for (let c = 0; c < C; c++) {
          const j = base + c;
          const grad = g[c]! * v + l2 * W[j]!;
          GW[j]! += grad * grad;
          W[j]! -= (learningRate * grad) / (Math.sqrt(GW[j]!) + eps);
        }
      }
    }
  }
  return head;
}

/**
 * Multinomial naive Bayes with Laplace smoothing `alpha`; `scale` multiplies the log likelihoods
 * because unit-length vectors make the raw scores too flat to be read as probabilities.
 */
export function trainNaiveBayes(X: readonly SparseVector[], y: readonly number[], classes: string[], dim: number, opts: { alpha?: number; scale?: number } = {}): LinearHead {
  const { alpha = 0.1, scale = 8 } = opts;
  const C = classes.length;
  const counts = new Float64Array(dim * C);
  const totals = new Float64Array(C);
  const docs = new Float64Array(C);
  X.forEach((x, i) => {
    const c = y[i]!;
    docs[c]!++;
    for (let k = 0; k < x.idx.length; k++) {
      counts[x.idx[k]! * C + c]! += x.val[k]!;
      totals[c]! += x.val[k]!;
    }
  });
  const W = new Float64Array(dim * C);
  for (let f = 0; f < dim; f++) for (let c = 0; c < C; c++) W[f * C + c] = scale * Math.log((counts[f * C + c]! + alpha) / (totals[c]! + alpha * dim));
  const b = new Float64Array(C);
  for (let c = 0; c < C; c++) b[c] = Math.log((docs[c]! + 1) / (X.length + C));
  return { type: 'naive_bayes', classes, dim, W, b };
}

/** What each of the vector's features adds to class c against the average class, largest first. */
export function contributions(head: LinearHead, x: SparseVector, c: number): { feature: number; weight: number }[] {
  const C = head.classes.length;
  const out: { feature: number; weight: number }[] = [];
  for (let k = 0; k < x.idx.length; k++) {
    const base = x.idx[k]! * C;
    let mean = 0;
    for (let j = 0; j < C; j++) mean += head.W[base + j]!;
    out.push({ feature: x.idx[k]!, weight: (head.W[base + c]! - mean / C) * x.val[k]! });
  }
  return out.sort((a, b) => b.weight - a.weight || a.feature - b.feature);
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

export function headToJson(h: LinearHead): LinearHeadJson {
  return { type: h.type, classes: h.classes, dim: h.dim, W: Array.from(h.W, round), b: Array.from(h.b, round) };
}

export function headFromJson(j: LinearHeadJson): LinearHead {
  if (j.W.length !== j.dim * j.classes.length || j.b.length !== j.classes.length) throw new Error(`tête de modèle incohérente (${j.classes.join(', ')})`);
  return { type: j.type, classes: j.classes, dim: j.dim, W: Float64Array.from(j.W), b: Float64Array.from(j.b) };
}


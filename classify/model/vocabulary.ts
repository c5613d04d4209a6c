// The feature dictionary: terms (stems and stem bigrams) seen often enough in training, each with
// an index, and the sparse vector of a message over them (log-scaled counts times inverse document frequency, unit length).
// Dictionary-indexed rather than hashed so that the most telling terms can be shown to staff.

export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

export class Vocabulary {
  readonly index: Map<string, number>;

  /** Inverse document frequency of each term (rare terms weigh more than "rue" or "logement"). */
  readonly idf: Float64Array;

  constructor(
    readonly terms: readonly string[],
    idf?: ArrayLike<number>,
  ) {
    this.index = new Map(terms.map((t, i) => [t, i]));
    this.idf = idf ? Float64Array.from(idf) : new Float64Array(terms.length).fill(1);
  }

  get size(): number {
    return this.terms.length;
  }

  /** Terms in at least `minDocs` documents, in first-seen order (deterministic for a given input). */
  static build(docs: Iterable<Map<string, number>>, minDocs = 2, useIdf = true): Vocabulary {
    const df = new Map<string, number>();
    let n = 0;
    for (const d of docs) {
      n++;
      for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    }
    const kept = [...df].filter(([, k]) => k >= minDocs);
    return new Vocabulary(
      kept.map(([t]) => t),
      kept.map(([, k]) => (useIdf ? Math.log((n + 1) / (k + 1)) + 1 : 1)),
    );
  }

  /** log(1 + count) × idf for each known term, scaled to unit length; unknown terms are dropped. */
  vectorise(counts: Map<string, number>): SparseVector {
    const pairs: [number, number][] = [];
    let norm = 0;
    for (const [t, c] of counts) {
      const i = this.index.get(t);
      if (i === undefined) continue;
      const v = Math.log1p(c) * this.idf[i]!;
      pairs.push([i, v]);
      norm += v * v;
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const idx = new Int32Array(pairs.length);
    const val = new Float64Array(pairs.length);
    pairs.forEach(([i, v], k) => {
      idx[k] = i;
      val[k] = v * scale;
    });
    return { idx, val };
  }
}

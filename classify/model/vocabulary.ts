// The feature dictionary: terms (stems and stem bigrams) seen often enough in training, each with
// an index, and the sparse vector of a message over them (log-scaled counts, unit length).
// Dictionary-indexed rather than hashed so that the most telling terms can be shown to staff.

export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

export class Vocabulary {
  readonly index: Map<string, number>;

  constructor(readonly terms: readonly string[]) {
    this.index = new Map(terms.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.terms.length;
  }

  /** Terms in at least `minDocs` documents, in first-seen order (deterministic for a given input). */
  static build(docs: Iterable<Map<string, number>>, minDocs = 2): Vocabulary {
    const df = new Map<string, number>();
    for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return new Vocabulary([...df].filter(([, n]) => n >= minDocs).map(([t]) => t));
  }

  /** log(1 + count) for each known term, scaled to unit length; unknown terms are dropped. */
  vectorise(counts: Map<string, number>): SparseVector {
    const pairs: [number, number][] = [];
    let norm = 0;
    for (const [t, c] of counts) {
      const i = this.index.get(t);
      if (i === undefined) continue;
      const v = Math.log1p(c);
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

/**
 * Keeps one analysis per open document: debounced after edits, abandoned when a newer edit
 * arrives, and awaited by requests so every answer describes the current text.
 */

/** What an analysis needs to know to give up early. */
export type IsStale = () => boolean;

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((wake) => (resolve = wake));
  return { promise, resolve };
}

interface DocumentState<M> {
  /** Bumped on every change: a running analysis of an older generation is abandoned. */
  generation: number;
  model: M | null;
  /** Document version `model` describes (-1: none, or settings changed since). */
  modelVersion: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Resolved when the latest scheduled analysis finishes. */
  pending: Deferred<M | null> | undefined;
}

export interface AnalyzedDocument {
  readonly uri: string;
  readonly version: number;
}

export class AnalysisScheduler<M> {
  private readonly states = new Map<string, DocumentState<M>>();

  constructor(
    /** Analyzes the document's current text; returns null when it gave up because `isStale()`. */
    private readonly analyze: (uri: string, isStale: IsStale) => Promise<{ model: M; version: number } | null>,
    private readonly onAnalyzed: (uri: string, model: M, version: number) => void,
    private readonly debounceMs = 300,
  ) {}

  /** Analyze soon: right away for a newly opened document, after a pause while typing. */
  schedule(uri: string, delayMs?: number): void {
    let state = this.states.get(uri);
    delayMs ??= state === undefined ? 0 : this.debounceMs;
    if (state === undefined) {
      state = { generation: 0, model: null, modelVersion: -1, timer: undefined, pending: undefined };
      this.states.set(uri, state);
    }
    const current = state;
    current.generation++;
    const generation = current.generation;
    clearTimeout(current.timer);
    current.pending ??= deferred<M | null>();
    current.timer = setTimeout(() => {
      current.timer = undefined;
      void this.run(uri, current, generation);
    }, delayMs);
  }

  /** Forget the document (closed): running work is abandoned, waiters get null. */
  forget(uri: string): void {
    const state = this.states.get(uri);
    if (state === undefined) return;
    state.generation++;
    clearTimeout(state.timer);
    state.pending?.resolve(null);
    this.states.delete(uri);
  }

  /** Re-analyze every known document now (settings changed: the current models are outdated). */
  invalidateAll(): void {
    for (const [uri, state] of this.states) {
      state.modelVersion = -1;
      this.schedule(uri, 0);
    }
  }

  /** The model of `version` of the document, waiting for a scheduled analysis if needed. */
  async modelFor(uri: string, version: number): Promise<M | null> {
    const state = this.states.get(uri);
    if (state !== undefined && state.model !== null && state.modelVersion === version && state.pending === undefined) return state.model;
    if (state?.pending === undefined) this.schedule(uri, 0);
    const model = await this.states.get(uri)?.pending?.promise;
    return model ?? null;
  }

  private async run(uri: string, state: DocumentState<M>, generation: number): Promise<void> {
    const isStale = (): boolean => state.generation !== generation || this.states.get(uri) !== state;
    let result: { model: M; version: number } | null = null;
    try {
      result = await this.analyze(uri, isStale);
    } catch (error) {
      console.error(`logscope: analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (isStale()) return; // a newer run resolves the waiters
    const pending = state.pending;
    state.pending = undefined;
    if (result !== null) {
      state.model = result.model;
      state.modelVersion = result.version;
      this.onAnalyzed(uri, result.model, result.version);
    }
    pending?.resolve(result?.model ?? null);
  }
}

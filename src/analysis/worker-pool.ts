import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConfiguredRule } from './analyze.js';
import { serializeRules } from './rule-config.js';
import type { WorkerInit, WorkerProject, WorkerTask } from './scan-worker.js';
import type { FileResult, ThreatModel } from './types.js';

const WORKER_URL = new URL('./scan-worker.js', import.meta.url);

/** Workers run compiled JavaScript; from TypeScript sources (tests) the engine analyses in-thread. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Pending {
  resolve: (result: FileResult) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed set of analysis workers. Each worker keeps up to `depth` tasks queued so it never waits
 * for the main thread between files.
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly inFlight = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: { task: WorkerTask; pending: Pending }[] = [];
  private nextId = 0;
  private readonly depth = 2;
  private failure: Error | undefined;

  constructor(
    size: number,
    rules: readonly ConfiguredRule[],
    threatModel: ThreatModel,
    includeGenerated: boolean,
    project?: WorkerProject,
  ) {
    const init: WorkerInit = {
      rules: serializeRules(rules),
      threatModel,
      includeGenerated,
      ...(project ? { project } : {}),
    };
    for (let i = 0; i < size; i++) {
      // A large stack gives the native parser ample room below the nesting guard of parse.ts.
      // (A larger young generation was tried: a little faster, but peak memory rose by 40%.)
      const worker = new Worker(WORKER_URL, {
        workerData: init,
        resourceLimits: { stackSizeMb: 64, maxYoungGenerationSizeMb: 64 },
      });
      worker.on('message', (message: { id: number; result?: FileResult; error?: string }) => {
        this.inFlight.set(worker, (this.inFlight.get(worker) ?? 1) - 1);
        const entry = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (entry) {
          if (message.result) entry.resolve(message.result);
          else entry.reject(new Error(message.error ?? 'analysis failed'));
        }
        this.pump();
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`analysis worker exited with code ${code}`));
      });
      this.inFlight.set(worker, 0);
      this.workers.push(worker);
    }
  }

  analyze(file: string, text: string): Promise<FileResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ task: { id: this.nextId++, file, text }, pending: { resolve, reject } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      let target: Worker | undefined;
      let least = this.depth;
      for (const worker of this.workers) {
        const load = this.inFlight.get(worker) ?? 0;
        if (load < least) {
          least = load;
          target = worker;
        }
      }
      if (!target) return;
      const next = this.waiting.shift();
      if (!next) return;
      this.pending.set(next.task.id, next.pending);
      this.inFlight.set(target, least + 1);
      target.postMessage(next.task);
    }
  }

  /** A crashed worker fails the whole scan loudly rather than returning partial results as complete. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const entry of this.pending.values()) entry.reject(error);
    for (const { pending } of this.waiting) pending.reject(error);
    this.pending.clear();
    this.waiting.length = 0;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('pool closed');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

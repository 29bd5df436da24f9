import { parentPort, workerData } from 'node:worker_threads';
import { type AnalyzeOptions, analyzeSource } from './analyze.js';
import { diskProjectFiles } from './project/project-files.js';
import { reviveRules, type SerializedRuleConfig } from './rule-config.js';

/**
 * A scan worker: receives file texts, analyses them with the rules it was started with, and sends
 * back FileResults. One per core; the main thread reads files and keeps the cache.
 */
export interface WorkerInit {
  rules: SerializedRuleConfig[];
  threatModel: AnalyzeOptions['threatModel'];
  includeGenerated: boolean;
  project?: WorkerProject;
}

/** The scan's files, which analyses that follow imports may read (each worker reads and caches its own). */
export interface WorkerProject {
  root: string;
  files: string[];
  maxFileSize: number;
}

export interface WorkerTask {
  id: number;
  file: string;
  text: string;
}

const init = workerData as WorkerInit;
const options: AnalyzeOptions = {
  rules: reviveRules(init.rules),
  threatModel: init.threatModel,
  includeGenerated: init.includeGenerated,
  ...(init.project
    ? { project: diskProjectFiles(init.project.root, init.project.files, init.project.maxFileSize) }
    : {}),
};

parentPort?.on('message', (task: WorkerTask) => {
  try {
    parentPort?.postMessage({ id: task.id, result: analyzeSource(task.file, task.text, options) });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, error: (error as Error)?.message ?? String(error) });
  }
});

// Worker side of the parse pool: parses the files it is sent and posts back the documents
// (data, problems and document maps are plain data, so they cross the thread boundary).
import { parentPort } from 'node:worker_threads';
import { parseYamlDocuments } from './parse-yaml.js';

export interface ParseJob {
  readonly id: number;
  readonly text: string;
}

parentPort?.on('message', (job: ParseJob) => {
  parentPort?.postMessage({ id: job.id, docs: parseYamlDocuments({ text: job.text }) });
});

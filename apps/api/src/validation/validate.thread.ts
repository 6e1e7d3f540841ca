/**
 * Runs one validation in a worker thread, so a hostile or huge PDF can neither block the api's event
 * loop nor take its memory: the thread has its own heap limit and is terminated at the deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validatePdf } from '@justera/validation';

const { bytes, trustAnchors, timeLimitMs, maxBytes } = workerData as { bytes: Uint8Array; trustAnchors: string[]; timeLimitMs: number; maxBytes: number };
parentPort!.postMessage(validatePdf(bytes, { trustAnchors, timeLimitMs, maxBytes }));

#!/usr/bin/env node
// Merges Jest JSON results (argv[3..]) into one file (argv[2]) and prints `tests: N passed, M failed`.
// A missing or unreadable result counts as one failed test, so a run that crashed never looks green.
const { readFileSync, writeFileSync } = require('node:fs');
const [out, ...inputs] = process.argv.slice(2);
const merged = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTotalTests: 0, success: true, testResults: [] };
for (const file of inputs) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    merged.numPassedTests += r.numPassedTests;
    merged.numFailedTests += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    merged.numPendingTests += r.numPendingTests;
    merged.numTotalTests += r.numTotalTests;
    merged.success = merged.success && r.success;
    merged.testResults.push(...r.testResults);
  } catch {
    merged.numFailedTests += 1;
    merged.success = false;
  }
}
writeFileSync(out, JSON.stringify(merged));
console.log(`tests: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed`);

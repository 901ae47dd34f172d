// When a test fails, the steps it took (every page action and expectation, with when it
// started and how long it ran) go into the log. A CI run keeps nothing but its log, and a
// timeout alone ("Test timeout of 60000ms exceeded.") does not say where the test stood.
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

function lines(step: TestStep, start: number, depth: number, out: string[]) {
  const at = ((step.startTime.getTime() - start) / 1000).toFixed(1).padStart(6);
  const took = step.duration >= 0 ? `${(step.duration / 1000).toFixed(1)} s` : 'still running';
  const failed = step.error ? '  ✘ ' + (step.error.message ?? '').split('\n')[0] : '';
  out.push(`${at} s ${'  '.repeat(depth)}${step.title} (${took})${failed}`);
  for (const inner of step.steps) lines(inner, start, depth + 1, out);
}

export default class FailedSteps implements Reporter {
  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === test.expectedStatus) return;
    const start = result.startTime.getTime();
    const out = [`\n-- steps of the failed test "${test.title}" (${result.status}):`];
    for (const step of result.steps) lines(step, start, 0, out);
    console.log(out.join('\n'));
  }

  printsToStdio() {
    return false;
  }
}

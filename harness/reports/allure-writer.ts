import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult, TestResultContainer } from 'allure-js-commons';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';

/**
 * Allure's own results writer, minus the fsync: each result, container and attachment is written
 * with the same name and the same bytes as FileSystemWriter writes them, but without flushing it
 * to disk first (the report is read after the run, not after a crash), which was ~5 % of every
 * scenario's wall time. What is written once per run goes through FileSystemWriter unchanged.
 */
export class AllureResultsWriter extends FileSystemWriter {
  private readonly dir: string;

  constructor(config: { resultsDir: string }) {
    super(config);
    this.dir = config.resultsDir;
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    writeFileSync(this.path(distFileName), content);
  }

  override writeGroup(result: TestResultContainer): void {
    writeFileSync(this.path(`${result.uuid}-container.json`), JSON.stringify(result), 'utf-8');
  }

  override writeResult(result: TestResult): void {
    writeFileSync(this.path(`${result.uuid}-result.json`), JSON.stringify(result), 'utf-8');
  }

  private path(name: string): string {
    mkdirSync(this.dir, { recursive: true });
    return join(this.dir, name);
  }
}

import type { Figure } from './figure.ts';

/** What a bench module gets from the runner. */
export interface BenchContext {
  /** reports/bench: where plots go. */
  reportsDir: string;
  /** Wall time the module may spend, in ms; modules that can trade size for time stay within it. */
  budgetMs: number;
  /** A progress line on stderr (stdout stays free for the table). */
  log(message: string): void;
  /** Writes an SVG picture to the reports directory under `fileName`. */
  plot(fileName: string, svg: string): void;
}

/** One bench module: measures a group of figures that share a setup. */
export interface BenchModule {
  run(context: BenchContext): Promise<Figure[]>;
}

/** What a module's process hands back to bench/main.ts. */
export interface ModuleOutcome {
  figures: Figure[];
  /** SVG files written, relative to the reports directory. */
  plots: string[];
}

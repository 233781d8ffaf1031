import type { ResourcePrinter } from './printer.ts';

const keyOf = (group: string, resource: string): string => `${resource}.${group}`;

/** Table printers by API group and plural resource name. */
export class PrinterRegistry {
  private readonly printers = new Map<string, ResourcePrinter>();

  constructor(printers: Iterable<ResourcePrinter> = []) {
    for (const printer of printers) this.register(printer);
  }

  /** Adds a printer; a second printer for the same group/resource is a programming error. */
  register(printer: ResourcePrinter): void {
    const key = keyOf(printer.group, printer.resource);
    if (this.printers.has(key)) {
      throw new Error(
        `a table printer for ${printer.resource} in group "${printer.group}" is already registered`,
      );
    }
    this.printers.set(key, printer);
  }

  /** The printer for a resource, or undefined when the default table applies. */
  lookup(group: string, resource: string): ResourcePrinter | undefined {
    return this.printers.get(keyOf(group, resource));
  }

  has(group: string, resource: string): boolean {
    return this.printers.has(keyOf(group, resource));
  }

  get size(): number {
    return this.printers.size;
  }
}

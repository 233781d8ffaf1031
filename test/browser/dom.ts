/**
 * The browser APIs the in-page callbacks use. The callbacks run inside Chromium, while the
 * project's type-check knows only Node's globals, so they reach these through
 * `globalThis as unknown as Dom`.
 */
export interface Dom {
  getComputedStyle(element: unknown): {
    backgroundColor: string;
    outlineStyle: string;
    outlineColor: string;
    color: string;
    fill: string;
  };
  Image: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
  document: { createElementNS(namespace: string, name: 'canvas'): DomCanvas };
}

export interface DomCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    drawImage(image: unknown, x: number, y: number): void;
    getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
  } | null;
}

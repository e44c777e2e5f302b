/**
 * Colours and fonts for the charts, read from CSS custom properties. In VS Code the `--ls-*`
 * variables resolve to the `--vscode-*` theme variables; in the HTML report they fall back to
 * the light/dark defaults in style.css. Level colours are computed once here and published
 * back as `--ls-level-*` so badges in tables and series in charts always agree.
 */
import { LEVELS, type Level } from '../extension/engine/summary';

export interface Theme {
  readonly dark: boolean;
  readonly foreground: string;
  readonly muted: string;
  readonly background: string;
  readonly border: string;
  readonly gridLine: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly levels: Readonly<Record<Level, string>>;
  readonly status: Readonly<Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other', string>>;
  readonly accent: string;
}

interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

interface Rgba extends Rgb {
  readonly a: number;
}

let colorContext: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour (hex, rgb(), named…) as RGBA via the canvas parser, or null if unparsable. */
function parseColor(value: string): Rgba | null {
  if (colorContext === undefined) colorContext = document.createElement('canvas').getContext('2d');
  const context = colorContext;
  if (!context || !value) return null;
  const sentinel = '#010203';
  context.fillStyle = sentinel;
  context.fillStyle = value;
  const normalized = String(context.fillStyle);
  if (normalized === sentinel && value.trim().toLowerCase() !== sentinel) return null;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normalized);
  if (hex) return { r: parseInt(hex[1] ?? '0', 16), g: parseInt(hex[2] ?? '0', 16), b: parseInt(hex[3] ?? '0', 16), a: 1 };
  const rgba = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/i.exec(normalized);
  if (rgba) return { r: Number(rgba[1]), g: Number(rgba[2]), b: Number(rgba[3]), a: rgba[4] === undefined ? 1 : Number(rgba[4]) };
  return null;
}

function toHex({ r, g, b }: Rgb): string {
  return '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
}

/** `weight` of `b` mixed into `a`. */
function mix(a: Rgb, b: Rgb, weight: number): Rgb {
  return {
    r: a.r + (b.r - a.r) * weight,
    g: a.g + (b.g - a.g) * weight,
    b: a.b + (b.b - a.b) * weight,
  };
}

function luminance({ r, g, b }: Rgb): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

function cssVariable(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

/**
 * A colour variable as an opaque colour. Theme colours may be translucent (VS Code's
 * `charts.lines` is `rgba(…, 0.5)`): those are composited over `backdrop`, as the eye sees them.
 */
function colorVariable(style: CSSStyleDeclaration, name: string, fallback: string, backdrop?: Rgb): Rgb {
  const color = parseColor(cssVariable(style, name)) ?? parseColor(fallback) ?? { r: 128, g: 128, b: 128, a: 1 };
  return backdrop && color.a < 1 ? mix(backdrop, color, color.a) : color;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const background = colorVariable(style, '--ls-bg', '#ffffff', { r: 255, g: 255, b: 255 });
  const foreground = colorVariable(style, '--ls-fg', '#1f2328', background);
  const red = colorVariable(style, '--ls-red', '#cf222e', background);
  const yellow = colorVariable(style, '--ls-yellow', '#bf8700', background);
  const blue = colorVariable(style, '--ls-blue', '#0969da', background);
  const green = colorVariable(style, '--ls-green', '#1a7f37', background);
  const purple = colorVariable(style, '--ls-purple', '#8250df', background);
  const dark = luminance(background) < 0.5;
  const levels: Record<Level, string> = {
    // Fatal: a deeper shade of the error red, so the two stack distinctly in every theme.
    fatal: toHex(mix(red, { r: 0, g: 0, b: 0 }, 0.38)),
    error: toHex(red),
    warn: toHex(yellow),
    info: toHex(blue),
    debug: toHex(mix(background, foreground, 0.5)),
    trace: toHex(mix(background, foreground, 0.36)),
    unknown: toHex(mix(background, foreground, 0.2)),
  };
  return {
    dark,
    foreground: toHex(foreground),
    muted: toHex(colorVariable(style, '--ls-muted', toHex(mix(foreground, background, 0.35)), background)),
    background: toHex(background),
    border: toHex(mix(background, foreground, 0.18)),
    gridLine: toHex(mix(background, colorVariable(style, '--ls-grid', toHex(mix(background, foreground, 0.1)), background), 0.35)),
    fontFamily: cssVariable(style, '--ls-font') || 'system-ui, sans-serif',
    fontSize: Number.parseFloat(cssVariable(style, '--ls-font-size')) || 13,
    levels,
    status: {
      '1xx': toHex(purple),
      '2xx': toHex(green),
      '3xx': toHex(blue),
      '4xx': toHex(yellow),
      '5xx': toHex(red),
      other: toHex(mix(background, foreground, 0.4)),
    },
    accent: toHex(blue),
  };
}

/** Publishes the level colours as CSS variables on <body> for badges and swatches. */
export function publishLevelColors(theme: Theme): void {
  for (const level of LEVELS) document.body.style.setProperty(`--ls-level-${level}`, theme.levels[level]);
}

function themeSignature(theme: Theme): string {
  return JSON.stringify(theme);
}

/**
 * Calls `onChange` when the effective theme changes: VS Code swaps the body class and the
 * `--vscode-*` variables on <html>; the report can switch `data-theme` or follow the OS.
 */
export function watchTheme(initial: Theme, onChange: (theme: Theme) => void): void {
  let current = themeSignature(initial);
  let scheduled = false;
  const check = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const theme = readTheme();
      const signature = themeSignature(theme);
      if (signature === current) return;
      current = signature;
      onChange(theme);
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-theme'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', check);
}

/** A `#rrggbb` colour with an alpha, as rgba(); other colour strings are returned unchanged. */
export function hexAlpha(hex: string, alpha: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return hex;
  return `rgba(${parseInt(match[1] ?? '0', 16)}, ${parseInt(match[2] ?? '0', 16)}, ${parseInt(match[3] ?? '0', 16)}, ${alpha})`;
}

/** `weight` of `to` mixed into `from`, both `#rrggbb`. */
export function mixHex(from: string, to: string, weight: number): string {
  const a = parseColor(from);
  const b = parseColor(to);
  return a && b ? toHex(mix(a, b, weight)) : from;
}

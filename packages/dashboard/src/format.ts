/** How numbers read on the page: rates as percentages, money in major units, days to 0.1. */
export const pct = (rate: number | null): string =>
  rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;

export const days = (value: number | null): string =>
  value === null ? '—' : `${value.toFixed(1)} d`;

export const money = (minor: number | null, currency: string): string =>
  minor === null
    ? '—'
    : new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
        minor / 100,
      );

export const count = (n: number): string => new Intl.NumberFormat('en').format(n);

/** Creates an element with attributes and children, the one DOM helper of the page. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

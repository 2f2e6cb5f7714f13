export namespace Format {
  export const units = ["B", "KiB", "MiB", "GiB"] as const;
  export type Unit = (typeof units)[number];

  export function bytes(n: number): string {
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
  }

  export function pad(s: string | number, width: number, fill = " "): string {
    return String(s).padStart(width, fill);
  }
}

export function template(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((acc, s, i) => acc + s + (i < values.length ? JSON.stringify(values[i]) : ""), "");
}

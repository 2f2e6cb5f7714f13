export enum Color {
  Red = "red",
  Green = "green",
  Blue = "blue",
}

export enum Level {
  Debug,
  Info,
  Warn = 10,
  Error,
}

export const enum Flags {
  None = 0,
  Visible = 1 << 0,
  Selected = 1 << 1,
  Disabled = 1 << 2,
  Interactive = Visible | Selected,
}

export function levelName(l: Level): string {
  return Level[l] ?? `level-${l}`;
}

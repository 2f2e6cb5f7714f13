import config from "./data/config.json";
import { Level, levelName } from "./enums";

export interface Result<T> {
  ok: boolean;
  value?: T;
  error?: string;
  attempts: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retry<T>(op: (attempt: number) => Promise<T>, retries = config.limits.retries): Promise<Result<T>> {
  let lastError = "";
  for (let attempt = 1; attempt <= retries; attempt++) {
    try {
      const value = await op(attempt);
      return { ok: true, value, attempts: attempt };
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
      await sleep(config.limits.delayMs * attempt);
    }
  }
  return { ok: false, error: lastError, attempts: retries };
}

export async function* ticks(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    await sleep(1);
    yield i;
  }
}

export function log(level: Level, ...parts: unknown[]): string {
  const line = `[${levelName(level).toUpperCase()}] ${parts.map(String).join(" ")}`;
  if (level >= Level.Warn) console.warn(line);
  return line;
}

export const featureList = config.features.join(", ");
export const appName: string = config.name;

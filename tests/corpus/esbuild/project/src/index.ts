import "./styles/main.css";
import { Color, Level } from "./enums";
import { Circle, Rect, Shape, Square } from "./models/shape";
import { TypedMap, chunks, groupBy, sum } from "@util/collections";
import { Format, template } from "@util/format";
import { appName, featureList, log, retry, ticks } from "./api";

const shapes: Shape[] = [
  new Circle(Color.Red, 2),
  new Rect(Color.Green, 3, 4),
  new Square(Color.Blue, 5).select(),
  new Circle(Color.Blue, 1.5, { x: 3, y: 4 }),
  new Rect(Color.Red, 10, 0.5),
];

const byColor = groupBy(shapes, (s) => s.color);
const areas = new TypedMap<string, number>();
for (const [color, group] of Object.entries(byColor)) {
  areas.set(color, sum(group.map((s) => s.area())));
}

export async function main(): Promise<string[]> {
  const out: string[] = [];
  out.push(log(Level.Info, appName, "features:", featureList));
  out.push(log(Level.Debug, "shapes:", shapes.map(String).join("; ")));
  for (const [color, area] of areas.map((a) => a.toFixed(3))) {
    out.push(`${color}: ${area}`);
  }
  out.push(`interactive: ${shapes.filter((s) => s.interactive).length}`);
  out.push(template`batches ${[...chunks(shapes, 2)].map((c) => c.length)}`);
  out.push(Format.bytes(123456789));

  let failures = 0;
  const r = await retry(async (attempt) => {
    if (attempt < 2) {
      failures++;
      throw new Error(`attempt ${attempt} failed`);
    }
    return attempt * 21;
  });
  out.push(`retry: ok=${r.ok} value=${r.value} attempts=${r.attempts} failures=${failures}`);

  const seen: number[] = [];
  for await (const t of ticks(3)) seen.push(t);
  out.push(`ticks: ${seen}`);

  const { default: report } = await import("./lazy/report");
  out.push(report(shapes));
  if (failures > 5) log(Level.Error, "too many failures");
  return out;
}

main().then((lines) => lines.forEach((l) => console.log(l)));

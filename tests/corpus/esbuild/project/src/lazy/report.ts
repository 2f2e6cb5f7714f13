import { Format } from "@util/format";
import { sortBy } from "@util/collections";
import type { Shape } from "../models/shape";

export default function report(shapes: Shape[]): string {
  const rows = sortBy(shapes, (s) => -s.area(), (s) => s.id).map(
    (s) => `${Format.pad(s.id, 3)}  ${s.color.padEnd(5)}  ${Format.pad(s.area().toFixed(1), 8)}  ${Format.pad(s.perimeter.toFixed(1), 7)}`,
  );
  return ["id   color      area  perim", ...rows].join("\n");
}

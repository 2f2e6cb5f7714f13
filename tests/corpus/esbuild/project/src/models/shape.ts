import { Color, Flags } from "../enums";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export abstract class Shape {
  static count = 0;
  readonly id: number;
  #flags: number = Flags.Visible;

  constructor(public color: Color, protected origin: Point = { x: 0, y: 0 }) {
    this.id = ++Shape.count;
  }

  abstract readonly kind: string;
  abstract area(): number;

  get perimeter(): number {
    return 0;
  }

  select(on = true): this {
    this.#flags = on ? this.#flags | Flags.Selected : this.#flags & ~Flags.Selected;
    return this;
  }

  get interactive(): boolean {
    return (this.#flags & Flags.Interactive) === Flags.Interactive;
  }

  toString(): string {
    return `${this.kind}#${this.id}(${this.color}, area=${this.area().toFixed(2)})`;
  }
}

export class Circle extends Shape {
  readonly kind = "circle";
  constructor(color: Color, public radius: number, origin?: Point) {
    super(color, origin);
  }
  area(): number {
    return Math.PI * this.radius ** 2;
  }
  override get perimeter(): number {
    return 2 * Math.PI * this.radius;
  }
}

export class Rect extends Shape {
  kind: string = "rect";
  constructor(color: Color, public w: number, public h: number) {
    super(color);
  }
  area(): number {
    return this.w * this.h;
  }
  override get perimeter(): number {
    return 2 * (this.w + this.h);
  }
}

export class Square extends Rect {
  constructor(color: Color, side: number) {
    super(color, side, side);
    this.kind = "square";
  }
}

// This file has a syntax error on purpose: both esbuilds must report it the
// same way (message, location, exit status).
export function broken(x: number) {
  return x +* 2;
}

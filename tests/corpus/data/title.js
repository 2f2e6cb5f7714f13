export const title = 'abirun corpus';

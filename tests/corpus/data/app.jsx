// Bundled by esbuild in the corpus: JSX, an import, and modern syntax.
import { title } from './title.js';

const items = [3, 1, 2].toSorted?.() ?? [1, 2, 3];
export const App = () => <main><h1>{title}</h1><p>{items.join(', ')}</p></main>;

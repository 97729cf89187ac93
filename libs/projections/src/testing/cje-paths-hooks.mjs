// Module hook for child processes in this library's tests: resolves the project's `@cje/<lib>` imports (a path
// mapping Node knows nothing about) to the library's TypeScript source. Registered after the event store's
// ts-hooks.mjs, which turns that source into JavaScript. Test-only.
const LIBS = new URL('../../../', import.meta.url);
const CJE = /^@cje\/([a-z-]+)$/;

export async function resolve(specifier, context, nextResolve) {
  const match = CJE.exec(specifier);
  if (match) return { url: new URL(`${match[1]}/src/index.ts`, LIBS).href, shortCircuit: true };
  return nextResolve(specifier, context);
}

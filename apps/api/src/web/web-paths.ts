import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The web interface's templates and static files live beside the sources (apps/api/views, apps/api/public), not in
 * dist, so the build does not copy them: they are found from the project root, which is the same whether this runs
 * from the TypeScript sources (tests) or from dist (npm start, the container image).
 */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'child-journey-engine') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The project root (package.json of child-journey-engine) was not found above the web module.');
    dir = parent;
  }
}

const ROOT = projectRoot();

export const WEB_PATHS = {
  views: join(ROOT, 'apps/api/views'),
  public: join(ROOT, 'apps/api/public'),
  /** govuk-frontend's compiled styles, scripts, fonts and images. */
  govukDist: join(ROOT, 'node_modules/govuk-frontend/dist'),
  /** The compiled stylesheet (npm run build:css, part of the build). */
  styles: join(ROOT, 'dist/web'),
} as const;

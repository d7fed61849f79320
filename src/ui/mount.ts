import type { Context, Env, Hono } from 'hono';
import type { Runtime } from '../runtime.js';

type UiApp = { fetch: (request: Request, env?: unknown) => Response | Promise<Response> };

/** Paths served by the browser pages and the dashboard. */
export const UI_PATHS = ['/__saf/ui', '/__saf/ui/*', '/__saf/pages/*'] as const;

/**
 * Mounts the pages and the dashboard without loading them: their modules (JSX, page texts, the dashboard's
 * script) are imported on the first page request, so they cost nothing at start-up or on the API path.
 */
export function mountUi<E extends Env>(app: Hono<E>, rt: Runtime): void {
  let loaded: Promise<UiApp> | undefined;
  const handler = async (c: Context<E>) => {
    loaded ??= import('./app.js').then((m) => m.uiApp(rt));
    const ui = await loaded;
    return ui.fetch(c.req.raw, c.env);
  };
  for (const path of UI_PATHS) app.all(path, handler);
}

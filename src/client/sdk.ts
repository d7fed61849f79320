/**
 * The official SDKs, loaded on first use. They are optionalDependencies of saf-mock: an ordinary install
 * brings them (so `saf-mock contract` works out of the box), the server and startSafMock() never load them,
 * and an install with --omit=optional gets a one-line hint instead of a stack trace.
 */

export const SDK_PACKAGES = ['@alicloud/pop-core', '@alicloud/openapi-client', '@alicloud/tea-util'] as const;

export class SdkMissingError extends Error {
  override name = 'SdkMissingError';
  constructor(readonly packageName: string) {
    super(`${packageName} is not installed: the contract kit drives the official SDKs. Install them with: npm install ${SDK_PACKAGES.join(' ')}`);
  }
}

function isModuleNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

const importPopCore = () => import('@alicloud/pop-core');
const importOpenApi = () => import('@alicloud/openapi-client');
const importTeaUtil = () => import('@alicloud/tea-util');

/** The modules as an ES module sees them (CommonJS: `default` is module.exports). */
export type PopCoreModule = Awaited<ReturnType<typeof importPopCore>>;
export type OpenApiModule = Awaited<ReturnType<typeof importOpenApi>>;
export type TeaUtilModule = Awaited<ReturnType<typeof importTeaUtil>>;

let popCore: Promise<PopCoreModule> | undefined;
let openApi: Promise<{ openApi: OpenApiModule; teaUtil: TeaUtilModule }> | undefined;

async function load<T>(name: string, loader: () => Promise<T>): Promise<T> {
  try {
    return await loader();
  } catch (e) {
    if (isModuleNotFound(e)) throw new SdkMissingError(name);
    throw e;
  }
}

export function loadPopCore(): Promise<PopCoreModule> {
  popCore ??= load('@alicloud/pop-core', importPopCore);
  return popCore;
}

export function loadOpenApi(): Promise<{ openApi: OpenApiModule; teaUtil: TeaUtilModule }> {
  openApi ??= (async () => ({
    openApi: await load('@alicloud/openapi-client', importOpenApi),
    teaUtil: await load('@alicloud/tea-util', importTeaUtil),
  }))();
  return openApi;
}

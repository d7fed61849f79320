import { ConfigError } from '../config.js';
import { DEMO_ACCESS_KEY } from '../gateway/credentials.js';
import { liveEndpointUrl } from './endpoint.js';
import { CLOUDAUTH_PREFIX } from './adapter.js';
import { ControlApi } from './control.js';
import { credentialsFromEnv, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, maskKeyId, type Credentials } from './credentials.js';
import { startSafMock, type SafMockOptions } from './mock.js';

/**
 * Where the contract suite runs: `mock` (an in-process mock on a free port), `url` (a running mock), or
 * `live` (a SAF region endpoint over HTTPS, or any endpoint given with --endpoint, e.g. a second mock
 * standing in for live).
 */
export type TargetKind = 'mock' | 'url' | 'live';

export const TARGET_KINDS: readonly TargetKind[] = ['mock', 'url', 'live'];

export interface Target {
  readonly kind: TargetKind;
  /** Printable: endpoints and a masked AccessKeyId, never a secret. */
  readonly label: string;
  readonly endpointFor: (service: string) => string;
  readonly credentials: Credentials;
  /** The mock's control API; absent for live. */
  readonly control?: ControlApi;
  close(): Promise<void>;
}

export interface TargetOptions {
  readonly kind: TargetKind;
  /** url: the running mock, e.g. http://127.0.0.1:8931 */
  readonly url?: string;
  /** live: the endpoint for face_verify (and intl_face_verify unless intlEndpoint is given): a host or a URL. */
  readonly endpoint?: string;
  /** live: the endpoint for intl_face_verify. */
  readonly intlEndpoint?: string;
  /** live: the endpoint for Cloudauth 2019-03-07 (default cloudauth.aliyuncs.com, or --endpoint when given). */
  readonly cloudauthEndpoint?: string;
  /** live: a region id; endpoints become saf.<region>.aliyuncs.com. */
  readonly region?: string;
  /** url: the key to sign with (default the demo key). live: taken from env. */
  readonly credentials?: Credentials;
  /** url: the control API's admin token. */
  readonly adminToken?: string;
  /** live: where ALIBABA_CLOUD_* come from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** mock: the in-process mock's settings. */
  readonly mock?: SafMockOptions;
}

/** Region defaults from the product docs: face_verify in cn-shanghai, intl_face_verify in ap-southeast-1. */
export const DEFAULT_LIVE_ENDPOINT = 'saf.cn-shanghai.aliyuncs.com';
export const DEFAULT_INTL_LIVE_ENDPOINT = 'saf.ap-southeast-1.aliyuncs.com';
/** Cloudauth's metadata maps every region but cn-beijing/cn-qingdao to the central endpoint (fin-face-verify.md §3.1). */
export const DEFAULT_CLOUDAUTH_LIVE_ENDPOINT = 'cloudauth.aliyuncs.com';
const CLOUDAUTH_REGIONAL = new Set(['cn-beijing', 'cn-qingdao', 'cn-shanghai']);

function origin(url: URL): string {
  return url.origin;
}

function describe(kind: TargetKind, face: string, intl: string, credentials: Credentials): string {
  const where = face === intl ? face : `${face} (intl_face_verify: ${intl})`;
  return `${kind} ${where} · AccessKeyId ${maskKeyId(credentials.accessKeyId)}${credentials.securityToken ? ' · STS token' : ''}`;
}

export function liveEndpoints(options: Pick<TargetOptions, 'endpoint' | 'intlEndpoint' | 'region' | 'cloudauthEndpoint'>): { face: string; intl: string; cloudauth: string } {
  if (options.region !== undefined && !/^[a-z]{2,}(-[a-z0-9]+)+$/.test(options.region)) throw new ConfigError(`--region must look like cn-shanghai, got "${options.region}"`);
  const regional = options.region ? `saf.${options.region}.aliyuncs.com` : undefined;
  const face = options.endpoint ?? regional ?? DEFAULT_LIVE_ENDPOINT;
  const intl = options.intlEndpoint ?? options.endpoint ?? regional ?? DEFAULT_INTL_LIVE_ENDPOINT;
  const cloudauthRegional = options.region && CLOUDAUTH_REGIONAL.has(options.region) ? `cloudauth.${options.region}.aliyuncs.com` : undefined;
  const cloudauth = options.cloudauthEndpoint ?? options.endpoint ?? cloudauthRegional ?? DEFAULT_CLOUDAUTH_LIVE_ENDPOINT;
  return { face: origin(liveEndpointUrl(face)), intl: origin(liveEndpointUrl(intl)), cloudauth: origin(liveEndpointUrl(cloudauth)) };
}

export async function openTarget(options: TargetOptions): Promise<Target> {
  switch (options.kind) {
    case 'mock': {
      const mock = await startSafMock({ seed: 1, ...(options.mock ?? {}) });
      const credentials = { accessKeyId: mock.accessKeyId, accessKeySecret: mock.accessKeySecret };
      return {
        kind: 'mock',
        label: describe('mock', mock.endpoint, mock.endpoint, credentials),
        endpointFor: () => mock.endpoint,
        credentials,
        control: new ControlApi(mock.endpoint, options.mock?.adminToken),
        close: () => mock.close(),
      };
    }
    case 'url': {
      if (!options.url) throw new ConfigError('--target url needs --url http://HOST:PORT of a running saf-mock');
      const url = liveEndpointUrl(options.url);
      const endpoint = origin(url);
      const credentials = options.credentials ?? { accessKeyId: DEMO_ACCESS_KEY.id, accessKeySecret: DEMO_ACCESS_KEY.secret };
      return {
        kind: 'url',
        label: describe('url', endpoint, endpoint, credentials),
        endpointFor: () => endpoint,
        credentials,
        control: new ControlApi(endpoint, options.adminToken),
        close: async () => {},
      };
    }
    case 'live': {
      const credentials = options.credentials ?? credentialsFromEnv(options.env ?? process.env);
      if (!credentials) throw new ConfigError(`--target live needs ${ENV_ACCESS_KEY_ID} and ${ENV_ACCESS_KEY_SECRET} in the environment (ALIBABA_CLOUD_SECURITY_TOKEN too for an STS key)`);
      const { face, intl, cloudauth } = liveEndpoints(options);
      return {
        kind: 'live',
        label: `${describe('live', face, intl, credentials)} · Cloudauth ${cloudauth}`,
        endpointFor: (service) => (service.startsWith(CLOUDAUTH_PREFIX) ? cloudauth : service === 'intl_face_verify' ? intl : face),
        credentials,
        close: async () => {},
      };
    }
  }
}

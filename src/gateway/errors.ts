/**
 * The POP gateway's error catalog, as data. Codes, HTTP statuses and messages follow
 * ../shared/spec/gateway-errors.md; entries marked `confirmed: false` are the closest guess
 * where the spec says UNCONFIRMED (listed in the README).
 */
export interface GatewayErrorSpec {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly confirmed: boolean;
}

function entry(code: string, status: number, message: string, confirmed = true): GatewayErrorSpec {
  return { code, status, message, confirmed };
}

export const GATEWAY_ERRORS = {
  InvalidAccessKeyIdNotFound: entry('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.'),
  InvalidTimeStampFormat: entry('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.'),
  InvalidTimeStampExpired: entry('InvalidTimeStamp.Expired', 400, 'Specified time stamp or date value is expired.'),
  SignatureNonceUsed: entry('SignatureNonceUsed', 400, 'Specified signature nonce was used already.'),
  SignatureDoesNotMatch: entry(
    'SignatureDoesNotMatch',
    400,
    'Specified signature is not matched with our calculation. server string to sign is:',
  ),
  SignatureDoesNotMatchV3: entry(
    'SignatureDoesNotMatch',
    400,
    'Specified signature does not match our calculation. server string to sign is:',
    false,
  ),
  IncompleteSignature: entry(
    'IncompleteSignature',
    400,
    'The request signature does not conform to Aliyun standards. server string to sign is:',
  ),
  InvalidSignatureMethod: entry('InvalidSignatureMethod', 400, 'Specified signature method is not valid.'),
  InvalidParameterFormat: entry('InvalidParameter.Format', 400, 'Specified parameter format is not valid.'),
  InvalidActionNotFound: entry('InvalidAction.NotFound', 404, 'Specified api is not found, please check your url and method.'),
  RequestParameterMalformed: entry('RequestParameterMalformed', 400, 'Request parameters has malformed encoded characters.'),
  UnsupportedHTTPMethod: entry('UnsupportedHTTPMethod', 400, 'Specified signature is not matched with our calculation.'),
  Throttling: entry('Throttling', 400, 'Request was denied due to request throttling.'),
  ThrottlingUser: entry('Throttling.User', 400, 'Request was denied due to user flow control.'),
  ThrottlingApi: entry('Throttling.Api', 400, 'Request was denied due to api flow control.'),
  InternalError: entry('InternalError', 500, 'The request processing has failed due to some unknown error, exception or failure.'),
  ServiceUnavailable: entry('ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.'),
  /** Not a documented gateway code: the mock's own answer to a body over its limit. */
  RequestEntityTooLarge: entry('RequestEntityTooLarge', 413, 'The request body exceeds the limit of ', false),
} as const satisfies Record<string, GatewayErrorSpec>;

export type GatewayErrorName = keyof typeof GATEWAY_ERRORS;

/** `Missing<Param>` and `Invalid<Param>` are families: one template, any parameter name. */
export function missingParam(param: string): GatewayErrorSpec {
  return entry(`Missing${param}`, 400, `${param} is mandatory for this action.`);
}

export function invalidParam(param: string): GatewayErrorSpec {
  return entry(`Invalid${param}`, 400, `Specified parameter ${param} is not valid.`, false);
}

/** A gateway rejection. Thrown by any gateway step; turned into a response in exactly one place. */
export class GatewayError extends Error {
  readonly spec: GatewayErrorSpec;
  readonly detail: string;
  readonly headers: Record<string, string>;
  /** The server's string-to-sign on a signature mismatch, kept for the journal. */
  readonly stringToSign?: string;

  constructor(spec: GatewayErrorSpec, options: { detail?: string; headers?: Record<string, string>; stringToSign?: string } = {}) {
    super(spec.code);
    this.name = 'GatewayError';
    this.spec = spec;
    this.detail = options.detail ?? '';
    this.headers = options.headers ?? {};
    this.stringToSign = options.stringToSign;
  }

  get code(): string {
    return this.spec.code;
  }

  get status(): number {
    return this.spec.status;
  }

  /** The message as the gateway sends it: the template followed by any detail (e.g. the string-to-sign). */
  get renderedMessage(): string {
    return this.spec.message + this.detail;
  }
}

export function gatewayError(name: GatewayErrorName, options?: ConstructorParameters<typeof GatewayError>[1]): GatewayError {
  return new GatewayError(GATEWAY_ERRORS[name], options);
}

/** The mock's own rejections of its fixture headers and magic values (never sent by the real gateway). */
export const MOCK_ERRORS = {
  UnknownScenario: entry('SafMock.UnknownScenario', 400, 'Unknown scenario.', false),
  ScenarioNotApplicable: entry('SafMock.ScenarioNotApplicable', 400, 'Scenario does not apply to this method.', false),
  InvalidHeader: entry('SafMock.InvalidHeader', 400, 'Invalid x-saf-mock-* header.', false),
} as const satisfies Record<string, GatewayErrorSpec>;

export function mockError(name: keyof typeof MOCK_ERRORS, message: string): GatewayError {
  return new GatewayError({ ...MOCK_ERRORS[name], message });
}

import { mockError } from '../../gateway/errors.js';
import { parseMockHeaders, SCENARIO_HEADER } from '../../scenarios/headers.js';
import type { RequestContext, Step } from '../context.js';

/** The mock's own headers (scenario, fault, delay), refused when malformed rather than ignored. */
function readMockHeaders(ctx: RequestContext): void {
  const mock = parseMockHeaders(ctx.req.header);
  // An unknown scenario id is SafMock.UnknownScenario, from the header as from a magic name or a rule.
  if (!mock.ok) throw mockError(mock.header === SCENARIO_HEADER ? 'UnknownScenario' : 'InvalidHeader', mock.message);
  ctx.mock = mock.value;
}

export const mockHeaders: Step = { name: 'mock headers', run: readMockHeaders };

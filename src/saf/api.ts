import type { SafApiEntry } from '../pipeline/api-entry.js';
import { answerWithEntry, resolveCall, runDefault } from './product.js';

/** SAF's one API: ExecuteRequest, with the service and method inside Service/ServiceParameters. */
export const SAF_EXECUTE_REQUEST: SafApiEntry = {
  product: 'saf',
  action: 'ExecuteRequest',
  versions: ['2017-03-31', '2018-09-19', '2019-01-28', '2019-05-21'],
  required: ['Service', 'ServiceParameters'],
  resolve: ({ params, version, accessKeyId, large }) =>
    // The required step has checked both are present.
    resolveCall({ service: params.get('Service')!, serviceParameters: params.get('ServiceParameters')!, version, accessKeyId, large }),
  answer: (ctx, entry) => (entry ? answerWithEntry(entry, ctx) : runDefault(ctx)),
};

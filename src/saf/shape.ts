import type { JsonObject } from '../gateway/render.js';
import type { ProductSettings, SafCall } from './types.js';

/**
 * `Data` as the docs show it (an object for face_verify, a JSON string for intl_face_verify) or, with
 * dataShape 'sdk', as the typed SDK models declare it: a string for 2017-03-31, an object for later versions.
 */
export function shapeData(call: SafCall, settings: ProductSettings, data: JsonObject): JsonObject | string {
  const asString =
    settings.dataShape === 'docs' ? call.service === 'intl_face_verify' : call.version === '2017-03-31';
  return asString ? JSON.stringify(data) : data;
}

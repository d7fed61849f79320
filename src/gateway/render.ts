export type Format = 'JSON' | 'XML';

export const CONTENT_TYPE: Record<Format, string> = {
  JSON: 'application/json;charset=utf-8',
  XML: 'text/xml;charset=utf-8',
};

const XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface RenderedBody {
  readonly contentType: string;
  readonly text: string;
}

/** Characters XML 1.0 cannot carry at all, not even as references: shown as \uXXXX text instead. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlSafe(text: string): string {
  return text.replace(NOT_XML, (ch) => '\\u' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

function cdata(text: string): string {
  return '<![CDATA[' + xmlSafe(text).replace(/]]>/g, ']]]]><![CDATA[>') + ']]>';
}

/** XML element names must start with a letter or underscore; anything else is wrapped as <item>. */
function elementName(key: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(key) ? key : 'item';
}

function toXml(name: string, value: JsonValue): string {
  const tag = elementName(name);
  if (value === null) return `<${tag}/>`;
  if (Array.isArray(value)) return value.map((item) => toXml(tag, item)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${tag}>${inner}</${tag}>`;
  }
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

/** A success (or SAF business) body: JSON as is, XML under `<{Action}Response>`. */
export function renderBody(format: Format, body: JsonObject, rootName = 'ExecuteRequestResponse'): RenderedBody {
  if (format === 'JSON') return { contentType: CONTENT_TYPE.JSON, text: JSON.stringify(body) };
  return { contentType: CONTENT_TYPE.XML, text: XML_DECLARATION + toXml(rootName, body) };
}

export interface GatewayErrorBody {
  readonly RequestId: string;
  readonly HostId: string;
  readonly Code: string;
  readonly Message: string;
  readonly Recommend: string;
}

/** The gateway's error envelope; XML keeps the gateway's element order and puts Recommend in CDATA. */
export function renderError(format: Format, body: GatewayErrorBody): RenderedBody {
  if (format === 'JSON') return { contentType: CONTENT_TYPE.JSON, text: JSON.stringify(body) };
  const text =
    XML_DECLARATION +
    '<Error>' +
    `<RequestId>${escapeXml(body.RequestId)}</RequestId>` +
    `<HostId>${escapeXml(body.HostId)}</HostId>` +
    `<Code>${escapeXml(body.Code)}</Code>` +
    `<Message>${escapeXml(body.Message)}</Message>` +
    `<Recommend>${cdata(body.Recommend)}</Recommend>` +
    '</Error>';
  return { contentType: CONTENT_TYPE.XML, text };
}

export function recommendUrl(code: string, requestId: string): string {
  return `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=saf&requestId=${requestId}`;
}

/**
 * @smartloket/source-magda/xml: the small XML building blocks the transport uses, for code that
 * speaks MAGDA's messages from the other side (the MAGDA simulator in @smartloket/dev-world).
 */
export { obj, parseXml } from './parse.js';
export { arr, type Child, el, esc, text } from './xml.js';

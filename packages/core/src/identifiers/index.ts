export * from './insz.js';
export * from './kbo.js';
export * from './verification-code.js';

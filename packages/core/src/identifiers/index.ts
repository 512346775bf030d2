export * from './insz.js';
export * from './kbo.js';

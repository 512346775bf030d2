export * from './iban.js';
export * from './insz.js';
export * from './kbo.js';
export * from './licence-plate.js';
export * from './phone.js';
export * from './verification-code.js';

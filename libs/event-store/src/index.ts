export * from './event-envelope.js';
export * from './expected-revision.js';
export * from './event-store.errors.js';
export * from './event-store.port.js';
export * from './canonical-json.js';
export * from './event-hash.js';
export * from './integrity.js';
export * from './event-validation.js';

export * from './app-config.js';
export * from './create-event-store.js';

/** Input validation shared by every command and the YAML config file. Pure functions. */
export * from './calendar-date.js';
export * from './choices.js';
export * from './email.js';
export * from './numbers.js';
export * from './race-fields.js';
export * from './shown-value.js';
export * from './text.js';

export { REQUEST_STATES, requestStateLabel, z } from '@smartloket/core';
export { WEBHOOK_EVENT_TYPES as WEBHOOK_EVENT_TYPES_CORE } from '@smartloket/runtime';

import type { RequestTypeModule } from '../module.js';
import { openbaarDomein } from './openbaar-domein.js';
// smartloket:imports (new request types are added above this line)

/** Every request type of the plugin, in catalogue order. */
export const requestTypeModules: RequestTypeModule[] = [
  openbaarDomein,
  // smartloket:entries (new request types are added above this line)
];

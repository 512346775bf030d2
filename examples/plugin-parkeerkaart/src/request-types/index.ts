import type { RequestTypeModule } from '../module.js';
import { bewoners } from './bewoners.js';
// smartloket:imports (new request types are added above this line)

/** Every request type of the plugin, in catalogue order. */
export const requestTypeModules: RequestTypeModule[] = [
  bewoners,
  // smartloket:entries (new request types are added above this line)
];

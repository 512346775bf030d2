/**
 * @smartloket/plugin-meldingen: reports about public space (meldingen) with a place on a map,
 * photos, nearby open reports and feedback. What exists so far: the coordinates (WGS84 and
 * Belgian Lambert 72), the municipality boundary check, categories with routing to teams, the
 * duplicate radius and reopen rule, photo processing, the address register client and the
 * plugin itself (a report type per main category); see the README for what is built.
 * @packageDocumentation
 */
import { meldingenPlugin } from './plugin.js';

export {
  ADDRESS_REGISTER_URL,
  AddressRegister,
  type AddressRegisterOptions,
  AddressRegisterUnavailable,
  type FoundAddress,
  GEOLOCATION_URL,
  parseStreetAddress,
} from './address-register.js';
export {
  type Boundary,
  type BoundaryGeoJson,
  boundarySchema,
  createBoundary,
  OUTSIDE_MUNICIPALITY,
} from './boundary.js';
export {
  type Category,
  type CategoryInput,
  type CategoryIssue,
  type CategoryRouting,
  categoryIdSchema,
  categoryNameSchema,
  categorySchema,
  checkCategories,
  DEFAULT_HANDLING_DAYS,
  mainCategories,
  routeReport,
  type StandardAnswer,
  standardAnswerSchema,
  subCategories,
} from './categories.js';
export {
  boundingBox,
  DEFAULT_DUPLICATE_RADIUS_METRES,
  isOpenReport,
  mayReopen,
  type NearbyReport,
  nearbyOpenReports,
  REOPEN_DAYS,
  type ReopenVerdict,
  type ReportSummary,
} from './duplicates.js';
export {
  type DeclaredCategory,
  effectiveCategories,
  parseLambert72,
  parseLatLon,
  placeOf,
  reportHandling,
} from './filing.js';
export {
  distanceMetres,
  isLambert72InRange,
  isWgs84,
  LAMBERT72_PROJ4,
  type Lambert72Point,
  locationFromLambert72,
  locationFromWgs84,
  type ReportLocation,
  toLambert72,
  toWgs84,
  type Wgs84Point,
} from './geo.js';
export {
  PHOTO_LINK_PATH,
  type PhotoLinkVerifier,
  type WorkOrderHandoff,
  type WorkOrderHandoffOptions,
  type WorkOrderPayload,
  workOrderHandoff,
} from './handoff.js';
export {
  checkPhotoCount,
  MAX_PHOTOS,
  PHOTO_FORMATS,
  PHOTO_LONG_SIDE,
  PHOTO_MAX_BYTES,
  PHOTO_MAX_PIXELS,
  PhotoError,
  type ProcessedPhoto,
  processPhoto,
  THUMBNAIL_LONG_SIDE,
} from './photos.js';
export {
  createMeldingenPlugin,
  DEFAULT_CATEGORIES,
  locationField,
  type MeldingenOptions,
  type MeldingenOptionsInput,
  meldingenOptions,
  meldingenPlugin,
  outsideMessage,
  reportForm,
  reportType,
} from './plugin.js';

export default meldingenPlugin;

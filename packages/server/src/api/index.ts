export {
  ApiClientInputError,
  type ApiClientInputProblem,
  type CreateApiClientInput,
  checkApiClientInput,
  createApiClient,
  listApiClients,
  revokeApiClient,
  rotateApiClient,
} from './clients.js';
export { buildOpenApi } from './openapi.js';
export { createApiRouter } from './router.js';
export { API_ROUTES, type ApiRoute } from './routes.js';

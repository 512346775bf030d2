/**
 * @smartloket/notifier-ebox: publishes documents and status messages to the federal e-Box
 * (e-Box REST API 2.1, `POST /publishMessage`), with an access token from OAuth2 client
 * credentials and a private-key JWT client assertion. See the README and decision 1600.
 */
export {
  createEboxPublisher,
  type EboxPublication,
  EboxPublishError,
  type EboxPublisher,
  type EboxPublisherOptions,
  type EboxPublishResult,
  messageToPublish,
} from './publisher.js';

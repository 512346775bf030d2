/**
 * @smartloket/server: the HTTP side of a deployment (portal, personal page, back-office, JSON API,
 * embed script, login routes).
 */
export * from './app.js';

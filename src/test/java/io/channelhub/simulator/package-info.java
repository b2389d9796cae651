/**
 * Marketplace simulators: HTTP servers on loopback that speak each marketplace's API as the marketplace does
 * (authentication, rate limits with 429 and Retry-After), holding a store of orders the tests control.
 */
package io.channelhub.simulator;

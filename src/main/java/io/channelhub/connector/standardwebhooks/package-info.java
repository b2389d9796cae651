/**
 * Standard Webhooks (the spec Svix-based platforms and many SaaS senders follow): {@code webhook-id},
 * {@code webhook-timestamp} and a space-separated {@code webhook-signature} list of {@code v1,<base64>} entries over
 * {@code id.timestamp.body}, keyed by a {@code whsec_} secret. Orders arrive in the hub's generic order format
 * (docs/connectors.md).
 */
package io.channelhub.connector.standardwebhooks;

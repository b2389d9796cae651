/**
 * channel-hub: marketplaces push webhooks, the hub stores them durably in Kafka before answering, workers
 * apply each fact exactly once, and people can see and replay what failed. Each sub-package owns one feature.
 */
package io.channelhub;

/** Reconciliation against marketplace simulators: gaps filled, watermarks, rate limits, schedules. */
package io.channelhub.reconcile;

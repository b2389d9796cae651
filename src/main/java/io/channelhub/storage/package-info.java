/**
 * What every table-owning feature shares about the database: how times are written and read, and when committed
 * writes are sure to survive the process being killed.
 */
package io.channelhub.storage;

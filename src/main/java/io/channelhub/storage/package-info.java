/** What every table-owning feature shares about the database: how times are written and read. */
package io.channelhub.storage;

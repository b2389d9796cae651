package io.channelhub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test whose promise rests on how the database locks, commits and survives a crash (row locks and their timeouts,
 * a transaction interrupted by a stop, a commit reaching the disk before the Kafka offset moves), where H2 and
 * PostgreSQL behave least alike. CI runs the whole suite on PostgreSQL and these tests once more on H2, the
 * default a newcomer runs the hub on ({@code -Dgroups=database-sensitive}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(DatabaseSensitive.TAG)
public @interface DatabaseSensitive {

    String TAG = "database-sensitive";
}

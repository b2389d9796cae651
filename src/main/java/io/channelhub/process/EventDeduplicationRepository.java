package io.channelhub.process;

import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * camel-sql's JDBC idempotent repository, made safe for concurrent duplicates.
 *
 * <p>On Camel 4.18 two consumers that race on the same key both see "not there yet"; the loser's insert then
 * hits the primary key and {@code add} throws instead of answering "duplicate" (CAMEL-24048). Here the check and
 * insert run in a nested transaction (a savepoint inside the route's transaction), and a duplicate key rolls
 * back only to that savepoint and answers {@code false}. Rolling back to the savepoint matters on PostgreSQL,
 * where a failed statement would otherwise abort the whole surrounding transaction.
 */
public class EventDeduplicationRepository extends JdbcMessageIdRepository {

    public EventDeduplicationRepository(DataSource dataSource, PlatformTransactionManager transactionManager,
            String processorName) {
        super(dataSource, nested(transactionManager), processorName);
        // the table (with its primary key) is created by the schema migrations, not at runtime
        setCreateTableIfNotExists(false);
    }

    private static TransactionTemplate nested(PlatformTransactionManager transactionManager) {
        TransactionTemplate template = new TransactionTemplate(transactionManager);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return template;
    }

    @Override
    public boolean add(String key) {
        try {
            Boolean added = transactionTemplate.execute(status -> queryForInt(key) == 0 && insert(key) == 1);
            return Boolean.TRUE.equals(added);
        } catch (DuplicateKeyException concurrentDuplicate) {
            return false;
        }
    }
}

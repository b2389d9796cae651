package io.channelhub.process;

import io.channelhub.storage.CommittedWritesFlush;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Commits the consumer's offset once the record was applied or dead-lettered, and never before.
 *
 * <p>The consumer runs with {@code allowManualCommit=true} and no commit factory, which makes camel-kafka 4.18 commit
 * nothing on its own (not per record, not on rebalance, not on shutdown): this step is the only place offsets
 * move. It commits at the last record of each partition's share of a poll, so a batch costs one synchronous
 * commit; a crash before that replays the batch, and the idempotent repository turns the replay into no-ops. Before
 * it commits, the database's committed writes are made to survive a kill ({@link CommittedWritesFlush}); if that
 * fails, the offset stays where it was and the batch is read again after a restart or rebalance.
 */
@Component("kafkaOffsetCommit")
public class KafkaOffsetCommit implements Processor {

    private static final Logger log = LoggerFactory.getLogger(KafkaOffsetCommit.class);
    private static final String COMMIT_PROPERTY = "hubOffsetCommit";
    private static final String LAST_IN_BATCH_PROPERTY = "hubLastInBatch";

    private final CommittedWritesFlush committedWrites;

    public KafkaOffsetCommit(CommittedWritesFlush committedWrites) {
        this.committedWrites = committedWrites;
    }

    /** Sets the commit handle aside, before any step can clear the Kafka headers. */
    public static void remember(Exchange exchange) {
        exchange.setProperty(COMMIT_PROPERTY,
                exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        exchange.setProperty(LAST_IN_BATCH_PROPERTY,
                exchange.getMessage().getHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, Boolean.class));
    }

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(COMMIT_PROPERTY, KafkaManualCommit.class);
        if (commit == null) {
            // not read from Kafka (a replay or a test calling the route directly): nothing to commit
            return;
        }
        if (Boolean.TRUE.equals(exchange.getProperty(LAST_IN_BATCH_PROPERTY, Boolean.class))) {
            try {
                committedWrites.flush();
            } catch (SQLException e) {
                // the batch is applied but might not survive a kill yet: leave its offset, it is read again and
                // deduplicated after a restart or rebalance (or the next batch's commit covers it)
                log.warn("database writes not flushed, offset left in place: {}", e.toString());
                return;
            }
            try {
                commit.commit();
            } catch (RuntimeException e) {
                // the event is applied or dead-lettered already: a lost commit (e.g. after a rebalance) only means
                // the batch is read again, and the idempotent repository turns that into no-ops. Letting it fail
                // the exchange would dead-letter an event that succeeded.
                log.warn("offset commit failed; the batch will be read again and deduplicated: {}", e.toString());
            }
        }
    }
}

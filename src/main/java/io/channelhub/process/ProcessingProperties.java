package io.channelhub.process;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How events are processed ({@code hub.processing}); the routes read these through property placeholders.
 *
 * @param consumers      Kafka consumers (threads) per connector; partitions are spread over them, so a stalled
 *                       partition holds up only its consumer's share; at most the inbound partition count; default 3
 * @param maxPollRecords records fetched per poll; one offset commit per partition per poll; default 200
 * @param retry          redelivery of transient failures (database down, lock timeouts)
 */
@Validated
@ConfigurationProperties("hub.processing")
public record ProcessingProperties(@DefaultValue("3") @Min(1) int consumers,
        @DefaultValue("200") @Min(1) int maxPollRecords, @Valid @DefaultValue Retry retry) {

    /**
     * Exponential backoff: delays of initialDelayMs, ×multiplier each time, capped at maxDelayMs; after
     * maxRedeliveries the event is dead-lettered. Defaults 6, 200 ms, ×2, 10 s: about 13 s in all.
     */
    public record Retry(@DefaultValue("6") @Min(0) int maxRedeliveries, @DefaultValue("200") @Min(0) long initialDelayMs,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier, @DefaultValue("10000") @Min(0) long maxDelayMs) {
    }
}

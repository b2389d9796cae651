package io.channelhub.deadletter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Dead-letter tooling ({@code hub.dead-letters}).
 *
 * @param replayRate       how many dead letters a bulk replay job sends per second at most; default 100. Replays go
 *                         through the normal pipeline next to live traffic (and Amazon and Bol events are fetched from
 *                         their APIs again), so a job of thousands must not flood either.
 * @param jobStaleAfter    a RUNNING job whose progress has not moved for this long is shown as INTERRUPTED (its
 *                         instance stopped); default 1 minute
 */
@Validated
@ConfigurationProperties("hub.dead-letters")
public record DeadLetterProperties(@DefaultValue("100") @Min(1) @Max(10_000) int replayRate,
        @DefaultValue("1m") Duration jobStaleAfter) {
}

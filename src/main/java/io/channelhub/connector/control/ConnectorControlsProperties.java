package io.channelhub.connector.control;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How instances follow the connector switches ({@code hub.ops.connectors}).
 *
 * @param refresh how often each instance re-reads {@code connector_controls} and starts or stops its processing routes
 *                to match: the longest another instance keeps processing after a pause on this one (the instance
 *                serving the change applies it at once); default 5s
 */
@Validated
@ConfigurationProperties("hub.ops.connectors")
public record ConnectorControlsProperties(@DefaultValue("5s") @DurationMin(millis = 100) Duration refresh) {
}

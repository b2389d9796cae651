package io.channelhub.probe;

import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The synthetic probe ({@code hub.probe}).
 *
 * @param enabled     whether each instance probes its own path; default true
 * @param connectorId the internal connector the probe's orders arrive on; default {@code synthetic-probe} (it must
 *                    not be the id of a configured connector)
 * @param interval    time between probes; default 1 minute
 * @param timeout     how long a probe waits for its order to be applied before it counts as failed; default 30 s
 */
@Validated
@ConfigurationProperties("hub.probe")
public record ProbeProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("synthetic-probe") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String connectorId,
        @DefaultValue("1m") Duration interval, @DefaultValue("30s") Duration timeout) {
}

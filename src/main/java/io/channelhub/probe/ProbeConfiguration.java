package io.channelhub.probe;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InternalConnector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The probe's connector: Standard Webhooks, with a secret made at each start that only this instance knows. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.probe.enabled", havingValue = "true", matchIfMissing = true)
class ProbeConfiguration {

    static final String TYPE = "standard-webhooks";

    @Bean
    InternalConnector probeConnector(ProbeProperties properties) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // each instance probes its own webhook port, so a secret of its own is enough and none needs configuring
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        return new InternalConnector(properties.connectorId(),
                new ConnectorSettings(TYPE, secret, null, Duration.ofMinutes(5), Map.of()), "the synthetic probe");
    }
}

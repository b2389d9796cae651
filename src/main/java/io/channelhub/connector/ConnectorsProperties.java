package io.channelhub.connector;

import jakarta.validation.Valid;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The connector instances the hub serves, by id. The id appears in the webhook URL
 * ({@code POST /webhooks/<id>}), in topic names and in every stored row. Ids are lower-case letters, digits
 * and dashes, so that environment variables such as {@code HUB_CONNECTORS_SHOP2_TYPE} bind to them.
 */
@Validated
@ConfigurationProperties("hub")
public record ConnectorsProperties(Map<String, @Valid ConnectorSettings> connectors) {

    public ConnectorsProperties {
        connectors = connectors == null ? Map.of() : new TreeMap<>(connectors);
        connectors.keySet().forEach(ConnectorsProperties::requireValidId);
    }

    private static void requireValidId(String id) {
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("connector id '" + id
                    + "' must be lower-case letters, digits and dashes (at most 63 characters)");
        }
    }
}

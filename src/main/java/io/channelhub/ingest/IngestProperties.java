package io.channelhub.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The public webhook server ({@code hub.ingest}).
 *
 * @param host        interface to bind; default {@code 0.0.0.0}
 * @param port        port for {@code POST /webhooks/<connector>}; default 8080, 0 picks a free one
 * @param maxBodySize largest webhook body accepted, enforced while reading (413 beyond); default 1MB
 */
@Validated
@ConfigurationProperties("hub.ingest")
public record IngestProperties(
        @DefaultValue("0.0.0.0") @NotBlank String host,
        @DefaultValue("8080") @Min(0) @Max(65535) int port,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize) {
}

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
 * @param maxInFlight webhook requests handled at once (being read, verified or stored); one more is answered 503 with
 *                    Retry-After before its body is read; default 2000 (about 0.2 s of the 10,000/s target, and
 *                    5 MB of typical 2.5 KB bodies)
 * @param maxInFlightBytes the bodies of those requests together, by Content-Length (the body limit when absent); one
 *                    more that would pass it is answered 503 the same way; default 64MB, so that bodies anyone can send
 *                    (signatures are checked once a body is read) cannot fill the heap
 */
@Validated
@ConfigurationProperties("hub.ingest")
public record IngestProperties(
        @DefaultValue("0.0.0.0") @NotBlank String host,
        @DefaultValue("8080") @Min(0) @Max(65535) int port,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("2000") @Min(1) int maxInFlight,
        @DefaultValue("64MB") @NotNull DataSize maxInFlightBytes) {
}

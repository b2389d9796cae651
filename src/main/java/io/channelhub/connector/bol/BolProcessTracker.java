package io.channelhub.connector.bol;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.TransientMarketplaceException;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Follows an asynchronous Bol write up: asks {@code GET /shared/process-status/{id}} again after a short wait until
 * the status is no longer PENDING or the patience given runs out, and answers the last status seen (possibly still
 * PENDING: the caller decides what that means).
 */
@Component
public class BolProcessTracker {

    /**
     * How long to keep asking about one write.
     *
     * @param checks how many times to ask after the write's own answer
     * @param interval how long to wait before each check
     */
    record Patience(int checks, Duration interval) {

        /** From the connector options {@code <prefix>-checks} and {@code <prefix>-wait} (e.g. {@code 500ms}). */
        static Patience of(ConnectorSettings settings, String prefix, int defaultChecks, String defaultWait) {
            return new Patience(Integer.parseInt(settings.option(prefix + "-checks", Integer.toString(defaultChecks))),
                    DurationStyle.detectAndParse(settings.option(prefix + "-wait", defaultWait)));
        }
    }

    private final BolApi api;

    public BolProcessTracker(BolApi api) {
        this.api = api;
    }

    BolProcessStatus settle(String connectorId, ConnectorSettings settings, BolProcessStatus accepted, Patience patience) {
        BolProcessStatus current = accepted;
        for (int check = 0; check < patience.checks() && current.pending(); check++) {
            sleep(patience.interval());
            current = BolProcessStatus.of(api.parse(api.processStatus(connectorId, settings, current.id())));
        }
        return current;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientMarketplaceException("interrupted while waiting for a Bol process status", e);
        }
    }
}

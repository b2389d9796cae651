package io.channelhub.ingest;

/**
 * A webhook the hub refuses before storing it, with the HTTP status the sender gets. Carries no stack trace:
 * refusals are expected traffic (forgeries, misconfigured senders), not bugs, and must stay cheap.
 */
public class WebhookRejectedException extends RuntimeException {

    private final int status;

    public WebhookRejectedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

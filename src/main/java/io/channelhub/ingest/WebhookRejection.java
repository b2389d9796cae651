package io.channelhub.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns an ingest failure into the answer the sender needs: the refusal's own status (401, 404, 415), or 503 when
 * the event could not be stored (broker down or slow), so that the marketplace retries it later.
 */
@Component("webhookRejection")
public class WebhookRejection implements Processor {

    private static final Logger log = LoggerFactory.getLogger(WebhookRejection.class);

    private final ObjectMapper json;

    public WebhookRejection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getMessage();
        String connectorId = message.getHeader(IngestHeaders.CONNECTOR, String.class);
        int status;
        String error;
        if (failure instanceof WebhookRejectedException rejected) {
            status = rejected.status();
            error = rejected.getMessage();
        } else {
            status = 503;
            error = "the event could not be stored durably; retry later";
            log.warn("connector={} event={} not stored, answered 503: {}", connectorId,
                    message.getHeader(IngestHeaders.EVENT_ID), String.valueOf(failure));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsBytes(body));
    }
}

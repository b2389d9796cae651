package io.channelhub.ingest;

import io.channelhub.connector.DirectAnswer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Writes a connector's {@link DirectAnswer} as the HTTP response; nothing is stored. */
@Component("webhookDirectAnswer")
public class WebhookDirectAnswer implements Processor {

    @Override
    public void process(Exchange exchange) {
        DirectAnswer answer = exchange.getProperty(WebhookVerification.DIRECT_ANSWER_PROPERTY, DirectAnswer.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
        message.setBody(answer.body());
    }
}

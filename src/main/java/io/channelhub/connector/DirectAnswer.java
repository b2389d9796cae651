package io.channelhub.connector;

/**
 * What a connector answers by itself, storing nothing: a marketplace's "is this endpoint alive" ping or an
 * endpoint-ownership challenge.
 */
public record DirectAnswer(int status, String contentType, byte[] body) {
}

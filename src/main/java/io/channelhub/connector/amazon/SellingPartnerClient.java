package io.channelhub.connector.amazon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.connector.amazon.AmazonRateLimits.Operation;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * How every Selling Partner API call is made, whichever API it belongs to: with a Login with Amazon access token in
 * {@code x-amz-access-token} (refresh-token grant, cached until shortly before it expires; a 401/403 forgets it and
 * tries once more with a new one), paced by {@link AmazonRateLimits}, the JSON answer parsed.
 */
@Component
public class SellingPartnerClient {

    static final String ACCESS_TOKEN_HEADER = "x-amz-access-token";

    private final MarketplaceHttp http;
    private final AccessTokens tokens;
    private final AmazonRateLimits rateLimits;
    private final ObjectMapper json;

    public SellingPartnerClient(MarketplaceHttp http, AccessTokens tokens, AmazonRateLimits rateLimits, ObjectMapper json) {
        this.http = http;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.json = json;
    }

    /**
     * Sends the request once the operation's bucket has a request to spend, with the current token; returns the
     * JSON of the 2xx answer. 429s are waited out by {@link MarketplaceHttp#send}; other failures are its exceptions.
     *
     * @param longestWait how long pacing may hold the call before it gives up (a transient failure)
     */
    JsonNode send(String connectorId, ConnectorSettings settings, Operation operation, Duration longestWait, String what,
            HttpRequest.Builder request) {
        return tokens.withToken(connectorId, () -> grant(connectorId, settings), token -> {
            rateLimits.acquire(connectorId, operation, longestWait, what);
            return parse(http.send(authorised(request, token), what), what);
        }, 401, 403);
    }

    /**
     * The same for reconciliation: rate limits are waited out with {@link MarketplaceHttp#poll}'s patience, and the
     * rate Amazon announces in the answer is learned for the calls after it.
     */
    JsonNode poll(String connectorId, ConnectorSettings settings, Operation operation, Duration longestWait, String what,
            HttpRequest.Builder request) {
        return tokens.withToken(connectorId, () -> grant(connectorId, settings), token -> {
            rateLimits.acquire(connectorId, operation, longestWait, what);
            HttpResponse<String> response = http.poll(authorised(request, token), what);
            rateLimits.announced(connectorId, operation, response.headers().firstValue(AmazonRateLimits.RATE_LIMIT_HEADER));
            return parse(response.body(), what);
        }, 401, 403);
    }

    /** Query values and path segments alike: SKUs may hold '/', '#', '+' or spaces, which must reach Amazon intact. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // a copy, so that the retry with a renewed token carries one token header, not two
    private static HttpRequest authorised(HttpRequest.Builder request, String token) {
        return request.copy().setHeader(ACCESS_TOKEN_HEADER, token).build();
    }

    private AccessTokens.Grant grant(String connectorId, ConnectorSettings settings) {
        Map<String, String> form = Map.of(
                "grant_type", "refresh_token",
                "refresh_token", settings.requiredOption(connectorId, "refresh-token"),
                "client_id", settings.requiredOption(connectorId, "client-id"),
                "client_secret", settings.requiredOption(connectorId, "client-secret"));
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = MarketplaceHttp.request(settings.requiredOption(connectorId, "token-url"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonNode answer = parse(http.send(request, "Login with Amazon token"), "Login with Amazon token");
        String token = answer.path("access_token").asText(null);
        if (token == null) {
            throw new TransientMarketplaceException("Login with Amazon answered without an access_token");
        }
        return new AccessTokens.Grant(token, Duration.ofSeconds(answer.path("expires_in").asLong(3600)));
    }

    private JsonNode parse(String body, String what) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TransientMarketplaceException(what + " answered something that is not JSON", e);
        }
    }
}

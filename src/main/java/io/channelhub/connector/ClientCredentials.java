package io.channelhub.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * OAuth token requests with the client id and secret in a Basic Authorization header, as Bol.com and eBay want
 * them: the client-credentials grant, or a refresh-token grant for APIs that act for a seller.
 */
@Component
public class ClientCredentials {

    private final MarketplaceHttp http;
    private final ObjectMapper json;

    public ClientCredentials(MarketplaceHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** A token for the application itself. {@code scope} may be null. */
    public AccessTokens.Grant clientCredentials(String tokenUrl, String clientId, String clientSecret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        return request(tokenUrl, clientId, clientSecret, form);
    }

    /** A token acting for the seller who granted the refresh token. */
    public AccessTokens.Grant refreshToken(String tokenUrl, String clientId, String clientSecret, String refreshToken,
            String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) {
            form.put("scope", scope);
        }
        return request(tokenUrl, clientId, clientSecret, form);
    }

    private AccessTokens.Grant request(String tokenUrl, String clientId, String clientSecret, Map<String, String> form) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = MarketplaceHttp.request(tokenUrl).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String answer = http.send(request, "token request to " + tokenUrl);
        try {
            JsonNode token = json.readTree(answer);
            String accessToken = token.path("access_token").asText(null);
            if (accessToken == null) {
                throw new TransientMarketplaceException("token endpoint " + tokenUrl + " answered without an access_token");
            }
            return new AccessTokens.Grant(accessToken, Duration.ofSeconds(token.path("expires_in").asLong(300)));
        } catch (JsonProcessingException e) {
            throw new TransientMarketplaceException("token endpoint " + tokenUrl + " answered something that is not JSON", e);
        }
    }
}

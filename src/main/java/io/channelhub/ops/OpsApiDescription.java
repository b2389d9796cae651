package io.channelhub.ops;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the ops API, served at {@code /ops/openapi.json} (springdoc, configured under
 * {@code springdoc.*} in config/application.yaml). Everything in it is derived from the controllers, so features
 * add endpoints without annotations; what the controllers cannot say (who may call, where) is added here.
 * docs/openapi.json is a copy that OpenApiDocumentTest keeps equal to what the hub serves.
 */
@Configuration(proxyBeanMethods = false)
class OpsApiDescription {

    static final String SECURITY_SCHEME = "opsToken";
    static final String UNAUTHORIZED = "Unauthorized";

    static {
        // the caller is put on the request by the access filter, not sent by the client: not a parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(OpsPrincipal.class);
    }

    @Bean
    OpenAPI opsOpenApi(ObjectProvider<BuildProperties> build) {
        return new OpenAPI()
                .info(new Info()
                        .title("channel-hub ops API")
                        // without build-info (a run from an IDE) there is no version to tell
                        .version(build.stream().map(BuildProperties::getVersion).findFirst().orElse("unversioned"))
                        .description("""
                                Operations on a running hub: orders, dead letters, reconciliation, stock and \
                                listings, the audit log. Served on the management port (`server.port`, 8081 by \
                                default) next to the actuator; every request needs `Authorization: Bearer <token>`."""))
                // relative: the document is the same whichever host and port serve it (tests use a random port)
                .servers(List.of(new Server().url("/").description("the hub that serves this document")))
                .components(new Components()
                        .addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("an ops credential (`hub.ops.token`)"))
                        .addResponses(UNAUTHORIZED, unauthorized()))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
    }

    @Bean
    SchemaNames opsSchemaNames() {
        return new SchemaNames();
    }

    @Bean
    OperationIds opsOperationIds() {
        return new OperationIds();
    }

    /** The access filter sits in front of the controllers, so springdoc cannot see its 401: added to each operation. */
    @Bean
    OpenApiCustomizer opsAccessResponses() {
        return openApi -> openApi.getPaths().values()
                .forEach(path -> path.readOperations().forEach(OpsApiDescription::guarded));
    }

    private static void guarded(Operation operation) {
        operation.getResponses().addApiResponse("401", new ApiResponse().$ref("#/components/responses/" + UNAUTHORIZED));
    }

    /** What OpsTokenFilter answers without a valid token. */
    private static ApiResponse unauthorized() {
        Schema<?> body = new ObjectSchema()
                .addProperty("status", new IntegerSchema())
                .addProperty("error", new StringSchema());
        return new ApiResponse()
                .description("no valid bearer token (or `hub.ops.token` is not set: the ops API is disabled)")
                .content(new Content().addMediaType("application/json", new MediaType().schema(body)));
    }
}

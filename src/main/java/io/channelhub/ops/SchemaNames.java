package io.channelhub.ops;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the schemas of the hub's own types by their name within their package: {@code DeadLetterController.Page},
 * {@code StoredOrder}. springdoc's default is the simple class name, so the {@code Page} records of two controllers
 * became one schema and one endpoint was described with the other's items. A name two types would still share
 * (same simple name in two packages) fails the document rather than describing one of them wrongly.
 */
class SchemaNames implements ModelConverter {

    private static final String HUB_PACKAGE = "io.channelhub.";

    private final Map<String, Class<?>> claimed = new ConcurrentHashMap<>();

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (type.getName() == null && type.getType() != null) {
            Class<?> raw = rawClass(type);
            if (raw.getName().startsWith(HUB_PACKAGE) && !raw.isEnum()) {
                type.name(claim(raw));
            }
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }

    private String claim(Class<?> raw) {
        String name = raw.getName().substring(raw.getPackageName().length() + 1).replace('$', '.');
        Class<?> owner = claimed.putIfAbsent(name, raw);
        if (owner != null && !owner.equals(raw)) {
            throw new IllegalStateException("the ops API description would give " + owner.getName() + " and "
                    + raw.getName() + " the same schema name " + name + "; rename one of them");
        }
        return name;
    }

    private static Class<?> rawClass(AnnotatedType type) {
        return type.getType() instanceof JavaType known ? known.getRawClass()
                : Json.mapper().constructType(type.getType()).getRawClass();
    }
}

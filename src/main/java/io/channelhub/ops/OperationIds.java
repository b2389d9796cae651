package io.channelhub.ops;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Operation ids from the controller and the method: {@code deadLetterList}, {@code auditList}. springdoc's default
 * is the method name with {@code _1}, {@code _2} appended to repeats in the order it meets them, so an endpoint
 * added in one feature renamed operations of another, and client code generated from the description with them.
 */
class OperationIds implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
        return operation.operationId(StringUtils.uncapitalize(controller)
                + StringUtils.capitalize(handler.getMethod().getName()));
    }
}

package io.channelhub.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets an ops controller method take the caller as an {@link OpsPrincipal} parameter. */
class OpsPrincipalArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return OpsPrincipal.class.equals(parameter.getParameterType());
    }

    @Override
    public OpsPrincipal resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Object principal = request == null ? null : request.getAttribute(OpsPrincipal.ATTRIBUTE);
        if (principal instanceof OpsPrincipal known) {
            return known;
        }
        // the access filter guards every /ops path; reaching here without it is a wiring mistake, not a user error
        throw new IllegalStateException("no ops principal on " + (request == null ? "the request" : request.getRequestURI()));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new OpsPrincipalArgumentResolver());
        }
    }
}
